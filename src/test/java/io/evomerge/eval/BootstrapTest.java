package io.evomerge.eval;

import io.evomerge.data.Metric;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bootstrap against truths computed without it: binomial quantiles by hand, and the exact bootstrap distribution
 * by enumerating every resample of tiny data (n^n equally likely index tuples, n = 4 or 5), which the seeded Monte Carlo draws
 * must reproduce (CDF within 0.015 at every point of the support, about 4 standard errors at 20 000 resamples).
 */
@Tag("slow")
class BootstrapTest {
    private static final int MANY = 20_000;
    private static final double CDF_TOLERANCE = 0.015;

    /** Accuracy with 5 of 10 right: resampled accuracy is Binomial(10, 0.5)/10, P(≤ 1) = 11/1024, P(≤ 2) = 56/1024. */
    @Test
    void accuracyIntervalIsTheBinomialsQuantiles() {
        Predictions half = Predictions.classes(new int[] {1, 1, 1, 1, 1, 0, 0, 0, 0, 0}, new int[10]);
        Bootstrap.Estimate e = new Bootstrap(MANY, 7).resample(List.of(half), List.of(Metric.ACCURACY)).task(0);
        assertEquals(0.5, e.value(), 0);
        // the 2.5 % quantile lies where the CDF passes 0.025: between 11/1024 (at 0.1) and 56/1024 (at 0.2)
        assertEquals(0.2, e.low(), 0);
        assertEquals(0.8, e.high(), 0);
        // the plug-in standard error of a mean of Bernoulli(0.5) over 10: sqrt(0.25 / 10)
        assertEquals(Math.sqrt(0.25 / 10), e.standardError(), 0.03 * Math.sqrt(0.25 / 10));
    }

    @Test
    void aPerfectRowHasNoSpread() {
        Predictions perfect = Predictions.classes(new int[] {1, 0, 1, 0}, new int[] {1, 0, 1, 0});
        Bootstrap.Estimate e = new Bootstrap(500, 1).resample(List.of(perfect), List.of(Metric.ACCURACY)).task(0);
        assertEquals(new Bootstrap.Estimate(1, 1, 1, 0), e);
    }

    /** Row a is right everywhere, row b wrong on 5 of 10: the paired difference is Binomial(10, 0.5)/10 again. */
    @Test
    void pairedDifferenceOfHandComputedRows() {
        int[] gold = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
        int[] b = {1, 0, 1, 0, 1, 1, 0, 1, 0, 1};
        Bootstrap bootstrap = new Bootstrap(MANY, 11);
        var a = bootstrap.resample(List.of(Predictions.classes(gold, gold)), List.of(Metric.ACCURACY));
        var other = bootstrap.resample(List.of(Predictions.classes(b, gold)), List.of(Metric.ACCURACY));
        Bootstrap.Estimate d = a.minus(other);
        assertEquals(0.5, d.value(), 1e-12);
        assertEquals(0.2, d.low(), 1e-12);
        assertEquals(0.8, d.high(), 1e-12);
        Bootstrap.Estimate same = a.minus(bootstrap.resample(List.of(Predictions.classes(gold, gold)),
                List.of(Metric.ACCURACY)));
        assertEquals(new Bootstrap.Estimate(0, 0, 0, 0), same);
    }

    @Test
    void weightedMeanOfTasks() {
        Predictions right = Predictions.classes(new int[] {1, 0}, new int[] {1, 0});
        Predictions halfRight = Predictions.classes(new int[] {1, 1}, new int[] {1, 0});
        var r = new Bootstrap(100, 3).resample(List.of(right, halfRight), List.of(Metric.ACCURACY, Metric.ACCURACY));
        assertEquals((3 * 1.0 + 1 * 0.5) / 4, r.weightedMean(new double[] {3, 1}).value(), 1e-12);
        assertEquals(0.75, r.mean().value(), 1e-12);
    }

    @Test
    void matthewsMatchesTheExactBootstrapDistribution() {
        Predictions p = Predictions.classes(new int[] {1, 1, 0, 1, 0}, new int[] {1, 0, 0, 1, 1});
        checkAgainstEnumeration(p, Metric.MATTHEWS, 5);
    }

    @Test
    void f1MatchesTheExactBootstrapDistribution() {
        Predictions p = Predictions.classes(new int[] {1, 1, 0, 1, 0}, new int[] {1, 0, 1, 1, 1});
        checkAgainstEnumeration(p, Metric.F1, 6);
    }

    @Test
    void pearsonAndSpearmanMatchTheExactBootstrapDistribution() {
        Predictions p = Predictions.scores(new double[] {0.1, 0.9, 0.4, 0.35, 0.8},
                new double[] {0.0, 1.0, 0.5, 0.2, 0.6});
        checkAgainstEnumeration(p, Metric.PEARSON, 8);
        checkAgainstEnumeration(p, Metric.SPEARMAN, 9);
    }

    /** Two tasks resampled each on its own: the average's exact distribution over every pair of resamples. */
    @Test
    void averageOfTwoTasksMatchesTheExactDistribution() {
        Predictions a = Predictions.classes(new int[] {1, 0, 0, 1}, new int[] {1, 0, 1, 1});
        Predictions b = Predictions.classes(new int[] {1, 0, 1, 0, 0}, new int[] {1, 1, 1, 0, 1});
        double[] exactA = enumerate(a, Metric.ACCURACY);
        double[] exactB = enumerate(b, Metric.MATTHEWS);
        double[] exact = new double[exactA.length * exactB.length];
        for (int i = 0; i < exactA.length; i++) {
            for (int j = 0; j < exactB.length; j++) exact[i * exactB.length + j] = (exactA[i] + exactB[j]) / 2;
        }
        var r = new Bootstrap(MANY, 13).resample(List.of(a, b), List.of(Metric.ACCURACY, Metric.MATTHEWS));
        double[] drawn = new double[MANY];
        double[] da = r.draws(0), db = r.draws(1);
        for (int k = 0; k < MANY; k++) drawn[k] = (da[k] + db[k]) / 2;
        assertSameDistribution(exact, drawn);
        assertQuantiles(exact, r.mean());
    }

    /** The paired difference of two rows on one task: both resampled with the same indices, enumerated exactly. */
    @Test
    void pairedDifferenceMatchesTheExactDistribution() {
        int[] gold = {1, 0, 1, 1, 0};
        Predictions a = Predictions.classes(new int[] {1, 0, 0, 1, 0}, gold);
        Predictions b = Predictions.classes(new int[] {1, 1, 0, 0, 1}, gold);
        List<Double> exact = new ArrayList<>();
        forEachResample(gold.length, idx -> exact.add(defined(a.at(idx).metric(Metric.F1))
                - defined(b.at(idx).metric(Metric.F1))));
        Bootstrap bootstrap = new Bootstrap(MANY, 17);
        var ra = bootstrap.resample(List.of(a), List.of(Metric.F1));
        var rb = bootstrap.resample(List.of(b), List.of(Metric.F1));
        double[] drawn = new double[MANY];
        double[] da = ra.draws(0), db = rb.draws(0);
        for (int k = 0; k < MANY; k++) drawn[k] = da[k] - db[k];
        double[] exactArray = exact.stream().mapToDouble(Double::doubleValue).toArray();
        assertSameDistribution(exactArray, drawn);
        assertQuantiles(exactArray, ra.minus(rb));
    }

    @Test
    void sameSeedSameDrawsAndReplicatesOfAnotherBootstrapDoNotPair() {
        Predictions p = Predictions.classes(new int[] {1, 1, 0, 1, 0}, new int[] {1, 0, 0, 1, 1});
        Bootstrap.Estimate once = new Bootstrap(300, 5).resample(List.of(p), List.of(Metric.F1)).task(0);
        assertEquals(once, new Bootstrap(300, 5).resample(List.of(p), List.of(Metric.F1)).task(0));
        var mine = new Bootstrap(300, 5).resample(List.of(p), List.of(Metric.F1));
        var theirs = new Bootstrap(300, 5).resample(List.of(p), List.of(Metric.F1));
        assertThrows(IllegalArgumentException.class, () -> mine.minus(theirs));
        Bootstrap one = new Bootstrap(300, 5);
        Predictions otherGold = Predictions.classes(new int[] {1, 1, 0, 1, 0}, new int[] {0, 0, 0, 1, 1});
        var x = one.resample(List.of(p), List.of(Metric.F1));
        var y = one.resample(List.of(otherGold), List.of(Metric.F1));
        assertThrows(IllegalArgumentException.class, () -> x.minus(y));
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        double[] sorted = {1, 2, 3, 4};
        // numpy.percentile([1, 2, 3, 4], 2.5) = 1.075; 97.5 -> 3.925
        assertEquals(1.075, Bootstrap.percentile(sorted, 0.025), 1e-12);
        assertEquals(3.925, Bootstrap.percentile(sorted, 0.975), 1e-12);
        assertEquals(4, Bootstrap.percentile(sorted, 1), 0);
    }

    private static void checkAgainstEnumeration(Predictions p, Metric metric, long seed) {
        double[] exact = enumerate(p, metric);
        var r = new Bootstrap(MANY, seed).resample(List.of(p), List.of(metric));
        assertEquals(defined(p.metric(metric)), r.task(0).value(), 0);
        assertSameDistribution(exact, r.draws(0));
        assertQuantiles(exact, r.task(0));
    }

    /** The metric on every one of the n^n resamples (a NaN counting as 0, as the bootstrap counts it). */
    private static double[] enumerate(Predictions p, Metric metric) {
        List<Double> out = new ArrayList<>();
        forEachResample(p.size(), idx -> out.add(defined(p.at(idx).metric(metric))));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void forEachResample(int n, java.util.function.Consumer<int[]> action) {
        int[] idx = new int[n];
        long total = (long) Math.pow(n, n);
        for (long k = 0; k < total; k++) {
            long rest = k;
            for (int i = 0; i < n; i++) {
                idx[i] = (int) (rest % n);
                rest /= n;
            }
            action.accept(idx.clone());
        }
    }

    private static void assertSameDistribution(double[] exact, double[] drawn) {
        double[] support = Arrays.stream(exact).distinct().sorted().toArray();
        for (double x : support) {
            double fExact = fraction(exact, v -> v <= x + 1e-12 ? 1 : 0);
            double fDrawn = fraction(drawn, v -> v <= x + 1e-12 ? 1 : 0);
            assertEquals(fExact, fDrawn, CDF_TOLERANCE, "CDF at " + x);
        }
    }

    /** Each end of the interval is a 2.5 % / 97.5 % quantile of the exact distribution, within the tolerance. */
    private static void assertQuantiles(double[] exact, Bootstrap.Estimate e) {
        assertTrue(fraction(exact, v -> v <= e.low() + 1e-12 ? 1 : 0) >= 0.025 - CDF_TOLERANCE, "low " + e.low());
        assertTrue(fraction(exact, v -> v < e.low() - 1e-12 ? 1 : 0) <= 0.025 + CDF_TOLERANCE, "low " + e.low());
        assertTrue(fraction(exact, v -> v >= e.high() - 1e-12 ? 1 : 0) >= 0.025 - CDF_TOLERANCE, "high " + e.high());
        assertTrue(fraction(exact, v -> v > e.high() + 1e-12 ? 1 : 0) <= 0.025 + CDF_TOLERANCE, "high " + e.high());
    }

    private static double fraction(double[] values, ToDoubleFunction<Double> indicator) {
        double sum = 0;
        for (double v : values) sum += indicator.applyAsDouble(v);
        return sum / values.length;
    }

    private static double defined(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /**
     * Two repeats, one right on all 10 examples, one on 5: each resample draws two repeats with replacement (both
     * perfect with probability 1/4, both half-right 1/4, one of each 1/2) and the examples (X ~ Binomial(10, 1/2)
     * right for the half-right repeat), so the mean is 1, X/10 or (1 + X/10)/2: that mixture, enumerated.
     */
    @Test
    void repeatsAreResampledWithTheExamples() {
        int[] gold = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
        int[] half = {1, 0, 1, 0, 1, 1, 0, 1, 0, 1};
        Bootstrap bootstrap = new Bootstrap(MANY, 23);
        var perfect = bootstrap.resample(List.of(Predictions.classes(gold, gold)), List.of(Metric.ACCURACY));
        var halfRight = bootstrap.resample(List.of(Predictions.classes(half, gold)), List.of(Metric.ACCURACY));
        Bootstrap.Estimate e = bootstrap.repeated(List.of(perfect, halfRight), 0, null);
        assertEquals(0.75, e.value(), 1e-12);
        List<Double> exact = new ArrayList<>();
        for (int x = 0; x <= 10; x++) {
            // 1024 equally likely example draws per binomial count: C(10, x) of them have x right
            long ways = binomial(10, x);
            for (long w = 0; w < ways; w++) {
                exact.add(1.0);
                exact.add(x / 10.0);
                exact.add((1 + x / 10.0) / 2);
                exact.add((1 + x / 10.0) / 2);
            }
        }
        double[] exactArray = exact.stream().mapToDouble(Double::doubleValue).toArray();
        assertQuantiles(exactArray, e);
        // one repeat is that row: the same interval as the row's own; the mean over the tasks is its mean
        assertEquals(halfRight.task(0), bootstrap.repeated(List.of(halfRight), 0, null));
        assertEquals(halfRight.mean(), bootstrap.repeated(List.of(halfRight), -1, null));
        assertEquals(halfRight.minus(perfect), bootstrap.repeated(List.of(halfRight), -1, perfect));
    }

    private static long binomial(int n, int k) {
        long c = 1;
        for (int i = 0; i < k; i++) c = c * (n - i) / (i + 1);
        return c;
    }
}
