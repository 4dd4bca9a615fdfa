package io.evomerge.eval;

import io.evomerge.data.Metric;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** GLUE metrics over parallel arrays of predictions and gold labels. */
public final class Metrics {

    private Metrics() {
    }

    /** Computes the given classification metrics; throws if one of them needs real-valued scores. */
    public static MetricsResult classification(Collection<Metric> metrics, int[] predicted, int[] gold) {
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        for (Metric metric : metrics) {
            values.put(metric, switch (metric) {
                case ACCURACY -> accuracy(predicted, gold);
                case F1 -> f1(predicted, gold);
                case MATTHEWS -> matthews(predicted, gold);
                case PEARSON, SPEARMAN -> throw new IllegalArgumentException(
                        metric.key() + " needs real-valued predictions");
            });
        }
        return new MetricsResult(values);
    }

    /** Computes the given regression metrics; throws if one of them needs class indices. */
    public static MetricsResult regression(Collection<Metric> metrics, double[] predicted, double[] gold) {
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        for (Metric metric : metrics) {
            values.put(metric, switch (metric) {
                case PEARSON -> pearson(predicted, gold);
                case SPEARMAN -> spearman(predicted, gold);
                case ACCURACY, F1, MATTHEWS -> throw new IllegalArgumentException(
                        metric.key() + " needs class predictions");
            });
        }
        return new MetricsResult(values);
    }

    public static double accuracy(int[] predicted, int[] gold) {
        checkLengths(predicted.length, gold.length);
        int correct = 0;
        for (int i = 0; i < gold.length; i++) {
            if (predicted[i] == gold[i]) {
                correct++;
            }
        }
        return (double) correct / gold.length;
    }

    /** F1 of class 1; 0 when there are no true positives (sklearn's zero_division=0). */
    public static double f1(int[] predicted, int[] gold) {
        checkLengths(predicted.length, gold.length);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < gold.length; i++) {
            boolean p = predicted[i] == 1;
            boolean g = gold[i] == 1;
            if (p && g) {
                tp++;
            } else if (p) {
                fp++;
            } else if (g) {
                fn++;
            }
        }
        return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /**
     * Matthews correlation in its multi-class form (Gorodkin's R_K, as sklearn computes it);
     * for two classes it equals (tp·tn − fp·fn) / √((tp+fp)(tp+fn)(tn+fp)(tn+fn)).
     * Returns 0 when undefined, e.g. when all predictions are one class.
     */
    public static double matthews(int[] predicted, int[] gold) {
        checkLengths(predicted.length, gold.length);
        int classes = 1 + Math.max(max(predicted), max(gold));
        double[] predictedCounts = new double[classes];
        double[] goldCounts = new double[classes];
        double correct = 0;
        for (int i = 0; i < gold.length; i++) {
            if (predicted[i] < 0 || gold[i] < 0) {
                throw new IllegalArgumentException("negative class index at " + i);
            }
            predictedCounts[predicted[i]]++;
            goldCounts[gold[i]]++;
            if (predicted[i] == gold[i]) {
                correct++;
            }
        }
        double n = gold.length;
        double covariance = correct * n - dot(predictedCounts, goldCounts);
        double predictedVariance = n * n - dot(predictedCounts, predictedCounts);
        double goldVariance = n * n - dot(goldCounts, goldCounts);
        double denominator = Math.sqrt(predictedVariance * goldVariance);
        return denominator == 0 ? 0.0 : covariance / denominator;
    }

    /** Pearson correlation; NaN when either side is constant (as scipy). */
    public static double pearson(double[] predicted, double[] gold) {
        checkLengths(predicted.length, gold.length);
        double meanP = Arrays.stream(predicted).average().orElseThrow();
        double meanG = Arrays.stream(gold).average().orElseThrow();
        double covariance = 0;
        double varianceP = 0;
        double varianceG = 0;
        for (int i = 0; i < gold.length; i++) {
            double dp = predicted[i] - meanP;
            double dg = gold[i] - meanG;
            covariance += dp * dg;
            varianceP += dp * dp;
            varianceG += dg * dg;
        }
        return covariance / Math.sqrt(varianceP * varianceG);
    }

    /** Spearman correlation: Pearson of the ranks, tied values sharing their average rank. */
    public static double spearman(double[] predicted, double[] gold) {
        checkLengths(predicted.length, gold.length);
        return pearson(Ranks.average(predicted), Ranks.average(gold));
    }

    private static void checkLengths(int predicted, int gold) {
        if (predicted != gold) {
            throw new IllegalArgumentException(predicted + " predictions for " + gold + " gold labels");
        }
        if (gold == 0) {
            throw new IllegalArgumentException("no examples");
        }
    }

    private static int max(int[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
