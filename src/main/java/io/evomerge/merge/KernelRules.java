package io.evomerge.merge;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The host-side rules that the Java kernels and the device kernels ({@code merge.device}) share, so that both backends
 * keep the same entries by construction: which ranks are thresholds, and which random draws keep an entry.
 */
public final class KernelRules {
    private KernelRules() {
    }

    /** DELLA: entry of rank r (ascending |x|) among L survives with probability density − ε + 2ε·r/(L − 1). */
    public static double dellaProbability(int rank, int length, double density, double eps) {
        double normalized = length > 1 ? (double) rank / (length - 1) : 0;
        return density - eps + 2 * eps * normalized;
    }

    /**
     * DELLA's draws for model {@code model}'s {@code tensor} ({@code rows} rows of {@code length}): keep[row·length + r]
     * says whether the row's entry of rank r survives. The stream is DARE's ({@link DareMasks}), drawn in row, then
     * rank order.
     */
    public static void dellaKeepByRank(long seed, int model, String tensor, int rows, int length, double density,
                                       double eps, boolean[] keep) {
        dellaKeepByRank(DareMasks.random(seed, model, tensor), rows, length, density, eps, keep);
    }

    static void dellaKeepByRank(SplittableRandom r, int rows, int length, double density, double eps, boolean[] keep) {
        for (int row = 0; row < rows; row++) {
            for (int rank = 0; rank < length; rank++) {
                keep[row * length + rank] = r.nextDouble() < dellaProbability(rank, length, density, eps);
            }
        }
    }

    /**
     * Breadcrumbs over d entries: the kept ranks (ascending |x|) are [bottom, d − top), {bottom, top}: ⌊gamma·d⌋
     * outliers and the smallest until ⌊density·d⌋ remain; fewer outliers when density + gamma > 1.
     */
    public static int[] breadcrumbsDropped(int d, double density, double gamma) {
        int keep = (int) (density * d), top = (int) (gamma * d), bottom = d - keep - top;
        if (bottom < 0) {
            top += bottom;
            bottom = 0;
        }
        return new int[]{bottom, top};
    }

    /** Arcee Fusion's quartiles q1, median, q3 of n values: the ascending indices ⌊q·(n − 1)⌋. */
    public static long[] arceeQuartileRanks(int n) {
        int last = n - 1;
        return new long[]{(int) (0.25 * last), (int) (0.5 * last), (int) (0.75 * last)};
    }

    /** Arcee Fusion's threshold from its quartiles: median + 1.5·(q3 − q1), in float as mergekit computes it. */
    public static float arceeThreshold(float q1, float median, float q3) {
        return median + 1.5f * (q3 - q1);
    }

    /** Finds one CABS magnitude threshold: the value of {@code rank} (ascending) of model {@code model}'s |τ|. */
    public interface CabsSelection {
        /** Positions kept by the first {@code upTo} models of the order (|τq| > thresholds[q]) count as 0. */
        float select(int model, int upTo, long rank, float[] thresholds);
    }

    /**
     * CABS magnitude thresholds, model by model in {@code order}: each is the value at index ⌊(1 − density)·d⌋ (at most
     * d − 1) of its ascending |τ| over the row's d entries, where earlier models' kept positions count as 0.
     */
    public static float[] cabsThresholds(List<Integer> order, List<Double> densities, long d, int models,
                                         CabsSelection selection) {
        float[] threshold = new float[models];
        for (int p = 0; p < order.size(); p++) {
            int model = order.get(p);
            long rank = Math.min(d - 1, (long) ((1 - densities.get(model)) * d));
            threshold[model] = selection.select(model, p, rank, threshold);
        }
        return threshold;
    }
}
