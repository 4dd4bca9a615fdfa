package io.evomerge.data;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns examples into token ids with a Hugging Face {@code tokenizer.json}: single sentences,
 * sentence pairs (with token type ids) and one (context, choice) pair per multiple-choice option,
 * truncated to {@code maxLength} tokens (longest sequence first for pairs), never padded:
 * padding is the {@link Batcher}'s job.
 */
public final class TextEncoder implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;
    private final long padId;

    private TextEncoder(HuggingFaceTokenizer tokenizer, int maxLength, long padId) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.padId = padId;
    }

    /** Loads a local {@code tokenizer.json}; no network access. */
    public static TextEncoder load(Path tokenizerJson, int maxLength) throws IOException {
        if (maxLength < 4) {
            throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room for text");
        }
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(true)
                .optTruncation(true)
                .optMaxLength(maxLength)
                .optPadding(false)
                .build();
        return new TextEncoder(tokenizer, maxLength, padId(tokenizerJson));
    }

    /** The padding id from the file's padding section; BERT-style vocabularies without one use 0 ([PAD]). */
    private static long padId(Path tokenizerJson) throws IOException {
        JsonNode padding = new ObjectMapper().readTree(tokenizerJson.toFile()).path("padding");
        return padding.path("pad_id").asLong(0);
    }

    public int maxLength() {
        return maxLength;
    }

    public long padId() {
        return padId;
    }

    /**
     * Encodes every example of a split in order; a multiple-choice example gives one input per
     * choice (context, choice), consecutive, with {@link EncodedText#choice()} set. With a
     * {@link PairEncoding#separate() separate} encoding a pair gives two consecutive single-sentence inputs: choice 0
     * the text, choice 1 the pair.
     *
     * @throws IllegalArgumentException when a bi-encoder split has an example without a pair
     */
    public List<EncodedText> encode(Split split, PairEncoding pairs) {
        List<EncodedText> encoded = new ArrayList<>();
        List<Example> examples = split.examples();
        for (int i = 0; i < examples.size(); i++) {
            Example example = examples.get(i);
            if (!example.choices().isEmpty()) {
                for (int c = 0; c < example.choices().size(); c++) {
                    encoded.add(encode(i, c, tokenizer.encode(example.text(), example.choices().get(c))));
                }
            } else if (pairs.separate()) {
                if (!example.hasPair()) {
                    throw new IllegalArgumentException(split.task().name() + " " + split.name().fileStem()
                            + " example " + (i + 1) + " has no second sentence; pair_encoding " + pairs.key()
                            + " needs pairs");
                }
                encoded.add(encode(i, 0, tokenizer.encode(example.text())));
                encoded.add(encode(i, 1, tokenizer.encode(example.textPair())));
            } else if (example.hasPair()) {
                encoded.add(encode(i, 0, tokenizer.encode(example.text(), example.textPair())));
            } else {
                encoded.add(encode(i, 0, tokenizer.encode(example.text())));
            }
        }
        return encoded;
    }

    /** Encodes one sentence (or a pair when {@code pair} is not null) as example 0. */
    public EncodedText encode(String text, String pair) {
        return encode(0, 0, pair == null ? tokenizer.encode(text) : tokenizer.encode(text, pair));
    }

    private static EncodedText encode(int example, int choice, Encoding encoding) {
        return new EncodedText(example, choice, encoding.getIds(), encoding.getTypeIds());
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
