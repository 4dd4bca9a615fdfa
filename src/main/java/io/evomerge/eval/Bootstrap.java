package io.evomerge.eval;

import io.evomerge.data.Metric;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The percentile bootstrap over examples (Efron and Tibshirani 1993, ch. 13), seeded. Each resample draws every
 * task's examples with replacement, each task on its own (its test set is its own sample), and recomputes every
 * task's metric on the draw; the 2.5th and 97.5th percentiles of the resampled values bound the 95 % interval.
 *
 * <p>The draws depend only on the seed and the tasks' sizes, so two rows resampled by one bootstrap see the same
 * examples in each resample: their replicates pair, and {@link Replicates#minus} is the paired bootstrap of their
 * difference. A metric undefined on a draw (Pearson of constant values) counts as 0, as in the fitness.
 */
public final class Bootstrap {
    /** Resamples for the report's intervals: the percentiles' Monte Carlo error is then well below a point. */
    public static final int RESAMPLES = 2000;
    /** The interval's coverage. */
    public static final double LEVEL = 0.95;

    /** A statistic's value on the data, its percentile interval and its bootstrap standard error. */
    public record Estimate(double value, double low, double high, double standardError) {
    }

    private final int resamples;
    private final long seed;

    public Bootstrap(int resamples, long seed) {
        if (resamples < 2) throw new IllegalArgumentException("at least 2 resamples, got " + resamples);
        this.resamples = resamples;
        this.seed = seed;
    }

    /** Every task's {@code metrics.get(t)} on its predictions and on each resample. */
    public Replicates resample(List<Predictions> tasks, List<Metric> metrics) {
        if (tasks.size() != metrics.size()) {
            throw new IllegalArgumentException(tasks.size() + " tasks, " + metrics.size() + " metrics");
        }
        int n = tasks.size();
        double[] values = new double[n];
        for (int t = 0; t < n; t++) values[t] = defined(tasks.get(t).metric(metrics.get(t)));
        double[][] draws = new double[resamples][n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < resamples; r++) {
            for (int t = 0; t < n; t++) {
                Predictions p = tasks.get(t);
                int[] indices = new int[p.size()];
                for (int i = 0; i < indices.length; i++) indices[i] = random.nextInt(indices.length);
                draws[r][t] = defined(p.at(indices).metric(metrics.get(t)));
            }
        }
        return new Replicates(this, tasks.stream().map(Predictions::gold).toList(), values, draws);
    }

    /**
     * One row's resampled metrics: {@code values[t]} on the data and {@code draws[r][t]} on resample r. Statistics
     * of several tasks combine the tasks' values within each resample.
     */
    public static final class Replicates {
        private final Bootstrap source;
        private final List<double[]> gold;
        private final double[] values;
        private final double[][] draws;

        private Replicates(Bootstrap source, List<double[]> gold, double[] values, double[][] draws) {
            this.source = source;
            this.gold = gold;
            this.values = values;
            this.draws = draws;
        }

        /** Task {@code t}'s metric. */
        public Estimate task(int t) {
            return estimate(values[t], draws(t));
        }

        /** Task {@code t}'s metric on each resample. */
        double[] draws(int t) {
            double[] d = new double[draws.length];
            for (int r = 0; r < d.length; r++) d[r] = draws[r][t];
            return d;
        }

        /** The tasks' weighted mean (the fitness, with the experiment's weights). */
        public Estimate weightedMean(double[] weights) {
            double[] d = new double[draws.length];
            for (int r = 0; r < d.length; r++) d[r] = weighted(draws[r], weights);
            return estimate(weighted(values, weights), d);
        }

        /** The tasks' plain mean (the tables' average). */
        public Estimate mean() {
            double[] ones = new double[values.length];
            Arrays.fill(ones, 1);
            return weightedMean(ones);
        }

        /**
         * The paired bootstrap of this row's mean minus {@code other}'s, on the same examples: both must come from
         * the same bootstrap over the same gold labels, so resample r drew the same examples for both.
         */
        public Estimate minus(Replicates other) {
            if (other.source != source || other.gold.size() != gold.size()) {
                throw new IllegalArgumentException("replicates of another bootstrap or other tasks do not pair");
            }
            for (int t = 0; t < gold.size(); t++) {
                if (!Arrays.equals(gold.get(t), other.gold.get(t))) {
                    throw new IllegalArgumentException("task " + t + " has other gold labels: not the same examples");
                }
            }
            double[] ones = new double[values.length];
            Arrays.fill(ones, 1);
            double[] d = new double[draws.length];
            for (int r = 0; r < d.length; r++) d[r] = weighted(draws[r], ones) - weighted(other.draws[r], ones);
            return estimate(weighted(values, ones) - weighted(other.values, ones), d);
        }
    }

    /**
     * The mean over repeats (one search run with several seeds) of task {@code task}'s metric, or of the tasks' mean
     * when {@code task} is -1, minus {@code reference}'s (null: nothing subtracted). A two-level bootstrap: each
     * resample draws the repeats with replacement as well as the examples, so the interval holds both the spread
     * between seeds and the test sample's noise. Every replicate must come from this bootstrap over the same examples.
     */
    public Estimate repeated(List<Replicates> repeats, int task, Replicates reference) {
        if (repeats.isEmpty()) throw new IllegalArgumentException("no repeats");
        for (Replicates r : repeats) if (r.source != this) throw new IllegalArgumentException("replicates of another bootstrap");
        if (reference != null && reference.source != this) throw new IllegalArgumentException("replicates of another bootstrap");
        double value = 0;
        for (Replicates r : repeats) value += statistic(r.values, task) / repeats.size();
        if (reference != null) value -= statistic(reference.values, task);
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        double[] d = new double[resamples];
        for (int k = 0; k < resamples; k++) {
            double sum = 0;
            for (int j = 0; j < repeats.size(); j++) {
                sum += statistic(repeats.get(random.nextInt(repeats.size())).draws[k], task);
            }
            d[k] = sum / repeats.size() - (reference == null ? 0 : statistic(reference.draws[k], task));
        }
        return estimate(value, d);
    }

    private static double statistic(double[] perTask, int task) {
        if (task >= 0) return perTask[task];
        double sum = 0;
        for (double v : perTask) sum += v;
        return sum / perTask.length;
    }

    static Estimate estimate(double value, double[] draws) {
        double[] sorted = draws.clone();
        Arrays.sort(sorted);
        double alpha = (1 - LEVEL) / 2;
        return new Estimate(value, percentile(sorted, alpha), percentile(sorted, 1 - alpha), standardDeviation(draws));
    }

    /** The q-quantile of sorted values, interpolated linearly between order statistics (numpy's default). */
    static double percentile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int below = (int) Math.floor(h);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }

    /** The sample standard deviation (n − 1). */
    static double standardDeviation(double[] values) {
        double mean = Arrays.stream(values).average().orElseThrow();
        double sum = 0;
        for (double v : values) sum += (v - mean) * (v - mean);
        return Math.sqrt(sum / (values.length - 1));
    }

    private static double weighted(double[] values, double[] weights) {
        double sum = 0;
        double total = 0;
        for (int t = 0; t < values.length; t++) {
            sum += weights[t] * values[t];
            total += weights[t];
        }
        return total == 0 ? 0 : sum / total;
    }

    private static double defined(double metric) {
        return Double.isNaN(metric) ? 0 : metric;
    }
}
