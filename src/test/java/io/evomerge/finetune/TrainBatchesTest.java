package io.evomerge.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.evomerge.data.Batch;
import io.evomerge.data.EncodedText;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.TaskKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainBatchesTest {

    /** Example e's first sentence has 3 + e % 5 tokens, its second 2 + e % 3; every token id encodes (e, choice). */
    private static List<EncodedText> pairs(int examples) {
        List<EncodedText> rows = new ArrayList<>();
        for (int e = 0; e < examples; e++) {
            for (int c = 0; c < 2; c++) {
                long[] ids = new long[c == 0 ? 3 + e % 5 : 2 + e % 3];
                Arrays.fill(ids, 1000L * e + c + 1);
                rows.add(new EncodedText(e, c, ids, new long[ids.length]));
            }
        }
        return rows;
    }

    /**
     * A bi-encoder step is two batches, first and second sentences of the same examples in the same order, each
     * padded only to its own longest row; an epoch covers every example once.
     */
    @Test
    void biEncoderStepsPadEachSentenceBatchToItsOwnLength() {
        List<TrainBatches.Step> steps = TrainBatches.epoch(pairs(23), TaskKind.CLASSIFICATION,
                PairEncoding.BI_ENCODER, 4, 0, new Random(5));
        assertEquals(6, steps.size());
        Set<Integer> seen = new HashSet<>();
        for (TrainBatches.Step step : steps) {
            assertEquals(2, step.parts().size());
            Batch first = step.parts().get(0);
            Batch second = step.parts().get(1);
            assertArrayEquals(first.examples(), second.examples());
            for (int r = 0; r < first.rows(); r++) {
                int e = first.examples()[r];
                assertEquals(0, first.choices()[r]);
                assertEquals(1, second.choices()[r]);
                assertEquals(1000L * e + 1, first.inputIds()[r][0]);
                assertEquals(1000L * e + 2, second.inputIds()[r][0]);
                assertEquals(3 + e % 5, Arrays.stream(first.attentionMask()[r]).sum());
                assertEquals(2 + e % 3, Arrays.stream(second.attentionMask()[r]).sum());
                seen.add(e);
            }
            assertEquals(Arrays.stream(first.examples()).map(e -> 3 + e % 5).max().orElseThrow(), first.length());
            assertEquals(Arrays.stream(second.examples()).map(e -> 2 + e % 3).max().orElseThrow(), second.length());
        }
        assertEquals(23, seen.size());
    }

    /** Cross-encoder and multiple-choice steps are one batch; multiple-choice choices stay consecutive. */
    @Test
    void otherStepsAreOneBatch() {
        for (TrainBatches.Step step : TrainBatches.epoch(pairs(10), TaskKind.MULTIPLE_CHOICE,
                PairEncoding.CROSS_ENCODER, 4, 0, new Random(5))) {
            assertEquals(1, step.parts().size());
            Batch batch = step.parts().getFirst();
            for (int r = 0; r < batch.rows(); r += 2) {
                assertEquals(batch.examples()[r], batch.examples()[r + 1]);
                assertEquals(List.of(0, 1), List.of(batch.choices()[r], batch.choices()[r + 1]));
            }
        }
        assertEquals(3, TrainBatches.epoch(pairs(5), TaskKind.CLASSIFICATION, PairEncoding.CROSS_ENCODER, 4, 0,
                new Random(5)).size(), "10 rows scored one by one in batches of 4");
    }
}
