package io.evomerge.eval;

import io.evomerge.data.Metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final double EPS = 1e-12;

    @Test
    void accuracyCountsExactMatches() {
        assertEquals(0.75, Metrics.accuracy(new int[] {1, 0, 1, 1}, new int[] {1, 0, 0, 1}), EPS);
    }

    @Test
    void f1IsOfThePositiveClass() {
        // tp = 2, fp = 1, fn = 2 -> 2*2 / (2*2 + 1 + 2) = 4/7
        assertEquals(4.0 / 7, Metrics.f1(new int[] {1, 1, 0, 1, 0, 0}, new int[] {1, 0, 1, 1, 0, 1}), EPS);
        assertEquals(0.0, Metrics.f1(new int[] {0, 0}, new int[] {1, 0}), EPS);
    }

    @Test
    void matthewsBinaryMatchesTheConfusionMatrixFormula() {
        // tp = 2, fp = 1, fn = 2, tn = 2 -> (4 - 2) / sqrt(3 * 4 * 3 * 4) = 1/6
        int[] predicted = {1, 1, 0, 1, 0, 0, 0};
        int[] gold = {1, 0, 1, 1, 0, 1, 0};
        assertEquals(1.0 / 6, Metrics.matthews(predicted, gold), EPS);
        // sklearn's documented example: y_true [+1, +1, +1, -1], y_pred [+1, -1, +1, +1] -> -0.333...
        assertEquals(-1.0 / 3, Metrics.matthews(new int[] {1, 0, 1, 1}, new int[] {1, 1, 1, 0}), EPS);
        assertEquals(1.0, Metrics.matthews(gold, gold), EPS);
    }

    @Test
    void matthewsIsZeroWhenUndefined() {
        assertEquals(0.0, Metrics.matthews(new int[] {1, 1, 1, 1}, new int[] {1, 0, 1, 0}), EPS);
        assertEquals(0.0, Metrics.matthews(new int[] {1, 0}, new int[] {1, 1}), EPS);
    }

    @Test
    void matthewsMultiClass() {
        // c = 3, s = 6, p = (3,1,2), t = (2,2,2): (18 - 12) / sqrt((36 - 14) * (36 - 12))
        int[] predicted = {0, 2, 1, 0, 0, 2};
        int[] gold = {0, 1, 2, 0, 1, 2};
        assertEquals(6 / Math.sqrt(22 * 24), Metrics.matthews(predicted, gold), EPS);
    }

    @Test
    void pearsonMatchesScipy() {
        // scipy.stats.pearsonr([1,2,3,4,5], [2,4,5,4,5]) = 0.7745966692414834 = 6 / sqrt(60)
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 4, 5, 4, 5};
        assertEquals(6 / Math.sqrt(60), Metrics.pearson(x, y), EPS);
        assertEquals(0.7745966692414834, Metrics.pearson(x, y), 1e-15);
        assertTrue(Double.isNaN(Metrics.pearson(x, new double[] {3, 3, 3, 3, 3})));
    }

    @Test
    void spearmanUsesAverageRanksForTies() {
        // ranks of y: [1, 2.5, 4.5, 2.5, 4.5]; Pearson with [1..5] = 7 / sqrt(90)
        // scipy.stats.spearmanr([1,2,3,4,5], [2,4,5,4,5]) = 0.7378647873726218
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 4, 5, 4, 5};
        assertEquals(7 / Math.sqrt(90), Metrics.spearman(x, y), EPS);
        assertEquals(-1.0, Metrics.spearman(x, new double[] {9, 7, 5, 3, 1}), EPS);
        assertEquals(1.0, Metrics.spearman(x, new double[] {1, 10, 100, 1000, 10000}), EPS);
    }

    @Test
    void ranksAverageTiedPositions() {
        double[] ranks = Ranks.average(new double[] {10, 20, 10, 30, 10});
        assertEquals(List.of(2.0, 4.0, 2.0, 5.0, 2.0), Arrays.stream(ranks).boxed().toList());
    }

    @Test
    void resultHoldsOnlyTheRequestedMetrics() {
        MetricsResult result = Metrics.classification(List.of(Metric.MATTHEWS, Metric.ACCURACY),
                new int[] {1, 0, 1, 1}, new int[] {1, 1, 1, 0});
        assertEquals(0.5, result.get(Metric.ACCURACY), EPS);
        assertEquals(-1.0 / 3, result.get("matthews"), EPS);
        assertEquals(List.of(Metric.ACCURACY, Metric.MATTHEWS), List.copyOf(result.asMap().keySet()));
        assertThrows(IllegalArgumentException.class, () -> result.get(Metric.F1));
        assertThrows(IllegalArgumentException.class, () -> result.get("bleu"));
        assertThrows(UnsupportedOperationException.class, () -> result.asMap().put(Metric.F1, 1.0));
        assertEquals("{accuracy=0.5000, matthews=-0.3333}", result.toString());
    }

    @Test
    void regressionResult() {
        MetricsResult result = Metrics.regression(List.of(Metric.PEARSON, Metric.SPEARMAN),
                new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 5, 4, 5});
        assertEquals(7 / Math.sqrt(90), result.get(Metric.SPEARMAN), EPS);
        assertThrows(IllegalArgumentException.class, () -> result.get(Metric.ACCURACY));
    }

    @Test
    void rejectsMismatchedInputs() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[] {1}, new int[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> Metrics.pearson(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.classification(List.of(Metric.PEARSON), new int[] {1}, new int[] {1}));
    }
}
