package io.evomerge.eval;

import java.io.Serializable;
import io.evomerge.data.Metric;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * One task's per-example predictions and gold labels on a split, in example order: what its metrics are computed
 * from, kept so that intervals can recompute them on resamples. Classification and multiple choice hold class (choice)
 * indices as whole numbers; regression holds the scores.
 */
public record Predictions(boolean regression, double[] predicted, double[] gold) implements Serializable {
    public Predictions {
        if (predicted.length != gold.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + gold.length + " gold labels");
        }
        if (gold.length == 0) throw new IllegalArgumentException("no examples");
    }

    public static Predictions classes(int[] predicted, int[] gold) {
        return new Predictions(false, Arrays.stream(predicted).asDoubleStream().toArray(),
                Arrays.stream(gold).asDoubleStream().toArray());
    }

    public static Predictions scores(double[] predicted, double[] gold) {
        return new Predictions(true, predicted.clone(), gold.clone());
    }

    public int size() {
        return gold.length;
    }

    public MetricsResult metrics(Collection<Metric> metrics) {
        return regression ? Metrics.regression(metrics, predicted, gold)
                : Metrics.classification(metrics, toInts(predicted), toInts(gold));
    }

    public double metric(Metric metric) {
        return metrics(List.of(metric)).get(metric);
    }

    /** These examples followed by {@code next}'s (a race's stages joined). */
    public Predictions concat(Predictions next) {
        if (next.regression != regression) throw new IllegalArgumentException("classes and scores do not join");
        double[] p = Arrays.copyOf(predicted, size() + next.size());
        double[] g = Arrays.copyOf(gold, size() + next.size());
        System.arraycopy(next.predicted, 0, p, size(), next.size());
        System.arraycopy(next.gold, 0, g, size(), next.size());
        return new Predictions(regression, p, g);
    }

    /** The examples at {@code indices} (repeats allowed), in that order: one bootstrap resample. */
    Predictions at(int[] indices) {
        double[] p = new double[indices.length];
        double[] g = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            p[i] = predicted[indices[i]];
            g[i] = gold[indices[i]];
        }
        return new Predictions(regression, p, g);
    }

    private static int[] toInts(double[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (int) values[i];
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Predictions p && regression == p.regression && Arrays.equals(predicted, p.predicted)
                && Arrays.equals(gold, p.gold);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Boolean.hashCode(regression) + Arrays.hashCode(predicted)) + Arrays.hashCode(gold);
    }

    @Override
    public String toString() {
        return "Predictions[" + (regression ? "scores" : "classes") + ", " + gold.length + " examples]";
    }
}
