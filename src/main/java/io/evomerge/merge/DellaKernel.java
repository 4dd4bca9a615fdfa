package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * DELLA's MAGPRUNE (Deep et al. 2024), in mergekit's form: within each row (the first dimension's slices; a vector is
 * one row) the entries are ranked by |τ| (r = 0 the smallest, ties by position), and entry r of L survives with
 * probability p = density − ε + 2ε·r/(L − 1), so larger entries are kept more often and the mean stays density.
 * Survivors are rescaled by 1/p ({@code rescale}). The random stream is a function of (seed, model, tensor name),
 * as DARE's. Density 1 keeps the task vector whole.
 */
final class DellaKernel implements Kernel<Void> {
    private final List<Double> densities;
    private final List<Double> epsilons;
    private final long seed;
    private final boolean rescale;

    DellaKernel(List<Double> densities, List<Double> epsilons, long seed, boolean rescale) {
        this.densities = densities;
        this.epsilons = epsilons;
        this.seed = seed;
        this.rescale = rescale;
    }

    @Override
    public Void prepare(TaskSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public TensorPlan plan(Void stats, TensorInfo t, float[][] tau) {
        long[] shape = t.shape();
        Contribution[] out = new Contribution[tau.length];
        for (int i = 0; i < tau.length; i++) {
            float[] v = tau[i];
            double density = densities.get(i);
            if (density < 1) {
                int rows = shape.length < 2 ? 1 : (int) shape[0];
                int length = v.length / Math.max(rows, 1);
                prune(v, rows, length, density, epsilons.get(i), rescale, DareMasks.random(seed, i, t.name()));
            }
            out[i] = Contribution.of(v, v.length);
        }
        return new TensorPlan(t.name(), out);
    }

    static void prune(float[] v, int rows, int length, double density, double eps, boolean rescale, SplittableRandom r) {
        boolean[] keep = new boolean[rows * length];
        KernelRules.dellaKeepByRank(r, rows, length, density, eps, keep);
        float[] kept = new float[v.length];
        for (int row = 0; row < rows; row++) {
            int[] order = MagnitudeOrder.ascending(v, row * length, 1, length);
            for (int rank = 0; rank < length; rank++) {
                double p = KernelRules.dellaProbability(rank, length, density, eps);
                int k = order[rank];
                if (keep[row * length + rank]) kept[k] = rescale ? (float) (v[k] / p) : v[k];
            }
        }
        System.arraycopy(kept, 0, v, 0, v.length);
    }
}
