package io.evomerge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SplitTest {
    private static final TaskSpec PARAPHRASE = TaskSpec.classification("mrpc", List.of("0", "1"), Metric.F1);

    @Test
    void swappedPairsFollowTheOriginalsWithTheirSentencesExchanged() {
        Split train = new Split(PARAPHRASE, SplitName.TRAIN, List.of(Example.pair("a", "b", 1), Example.pair("c", "d", 0)));
        assertEquals(List.of(Example.pair("a", "b", 1), Example.pair("c", "d", 0), Example.pair("b", "a", 1),
                Example.pair("d", "c", 0)), train.withSwappedPairs().examples());
    }

    @Test
    void anExampleWithoutAPairCannotBeSwapped() {
        Split train = new Split(PARAPHRASE, SplitName.TRAIN, List.of(Example.pair("a", "b", 1), Example.single("c", 0)));
        assertEquals("example 2 of train has no sentence pair to swap",
                assertThrows(IllegalArgumentException.class, train::withSwappedPairs).getMessage());
    }
}
