package io.evomerge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextEncoderTest {

    private static final long CLS = 101;
    private static final long SEP = 102;

    @TempDir
    static Path temp;

    private static TextEncoder encoder;

    @BeforeAll
    static void load() throws Exception {
        encoder = TextEncoder.load(MiniLmTokenizer.extractTo(temp), 12);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void encodesASentenceWithSpecialTokensAndNoPadding() {
        // bert-base-uncased vocabulary: hello = 7592, world = 2088
        EncodedText encoded = encoder.encode("Hello world", null);
        assertArrayEquals(new long[] {CLS, 7592, 2088, SEP}, encoded.ids());
        assertArrayEquals(new long[4], encoded.typeIds());
        assertEquals(0, encoder.padId());
    }

    @Test
    void encodesAPairWithTokenTypeIds() {
        EncodedText encoded = encoder.encode("hello", "world");
        assertArrayEquals(new long[] {CLS, 7592, SEP, 2088, SEP}, encoded.ids());
        assertArrayEquals(new long[] {0, 0, 0, 1, 1}, encoded.typeIds());
    }

    @Test
    void truncatesToMaxLength() {
        EncodedText single = encoder.encode("world ".repeat(40), null);
        assertEquals(12, single.length());
        assertEquals(SEP, single.ids()[11]);
        // longest first: the long side is cut, the short side is kept whole
        EncodedText pair = encoder.encode("hello", "world ".repeat(40));
        assertEquals(12, pair.length());
        assertArrayEquals(new long[] {CLS, 7592, SEP, 2088}, Arrays.copyOf(pair.ids(), 4));
        assertEquals(SEP, pair.ids()[11]);
    }

    @Test
    void encodesEveryChoiceOfAMultipleChoiceSplit() throws Exception {
        Split split = StoryClozeReader.read(StoryClozeReaderTest.fixture(), SplitName.TEST);
        List<EncodedText> encoded = encoder.encode(split, PairEncoding.CROSS_ENCODER);
        assertEquals(16, encoded.size());
        for (int row = 0; row < encoded.size(); row++) {
            assertEquals(row / 2, encoded.get(row).example());
            assertEquals(row % 2, encoded.get(row).choice());
            assertEquals(12, encoded.get(row).length()); // contexts are long: all truncated
            assertEquals(1, encoded.get(row).typeIds()[11]); // the choice is the second segment
        }
    }

    @Test
    void encodesSingleAndPairSplitsInOrder() {
        TaskSpec spec = TaskSpec.classification("t", List.of("no", "yes"), Metric.ACCURACY);
        Split split = new Split(spec, SplitName.TEST, List.of(
                Example.single("hello", 1), Example.pair("hello", "world", 0)));
        List<EncodedText> encoded = encoder.encode(split, PairEncoding.CROSS_ENCODER);
        assertEquals(List.of(0, 1), encoded.stream().map(EncodedText::example).toList());
        assertArrayEquals(new long[] {CLS, 7592, SEP}, encoded.get(0).ids());
        assertArrayEquals(new long[] {0, 0, 0, 1, 1}, encoded.get(1).typeIds());
    }

    /** A bi-encoder pair is two consecutive single-sentence rows: choice 0 the text, choice 1 the pair. */
    @Test
    void biEncoderSplitsAPairIntoTwoSentences() {
        TaskSpec spec = TaskSpec.classification("t", List.of("no", "yes"), Metric.ACCURACY);
        Split split = new Split(spec, SplitName.VALIDATION, List.of(Example.pair("hello", "world", 0),
                Example.pair("world", "hello world", 1)));
        List<EncodedText> encoded = encoder.encode(split, PairEncoding.BI_ENCODER);
        assertEquals(List.of(0, 0, 1, 1), encoded.stream().map(EncodedText::example).toList());
        assertEquals(List.of(0, 1, 0, 1), encoded.stream().map(EncodedText::choice).toList());
        assertArrayEquals(new long[] {CLS, 7592, SEP}, encoded.get(0).ids());
        assertArrayEquals(new long[] {CLS, 2088, SEP}, encoded.get(1).ids());
        assertArrayEquals(new long[] {CLS, 7592, 2088, SEP}, encoded.get(3).ids());
        assertArrayEquals(new long[] {0, 0, 0, 0}, encoded.get(3).typeIds());

        Split single = new Split(spec, SplitName.VALIDATION, List.of(Example.pair("a", "b", 0),
                Example.single("hello", 1)));
        String message = assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(single, PairEncoding.BI_ENCODER)).getMessage();
        assertEquals("t validation example 2 has no second sentence; pair_encoding bi_encoder needs pairs", message);
    }
}
