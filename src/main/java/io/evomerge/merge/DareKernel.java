package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * DARE (Yu et al. 2024): each task-vector entry survives with probability density and is rescaled by 1/density
 * ({@code rescale: false} keeps survivors as they are).
 * The random stream is {@link DareMasks}'s (a function of seed, model index and tensor name alone).
 */
final class DareKernel implements Kernel<Void> {
    private final List<Double> densities;
    private final long seed;
    private final boolean rescale;

    DareKernel(List<Double> densities, long seed, boolean rescale) {
        this.densities = densities;
        this.seed = seed;
        this.rescale = rescale;
    }

    @Override
    public Void prepare(TaskSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public TensorPlan plan(Void stats, TensorInfo t, float[][] tau) {
        Contribution[] out = new Contribution[tau.length];
        for (int i = 0; i < tau.length; i++) {
            double p = densities.get(i);
            float scale = rescale ? (float) (1 / p) : 1f;
            SplittableRandom r = DareMasks.random(seed, i, t.name());
            float[] v = tau[i];
            for (int k = 0; k < v.length; k++) v[k] = r.nextDouble() < p ? v[k] * scale : 0f;
            out[i] = Contribution.of(v, v.length);
        }
        return new TensorPlan(t.name(), out);
    }
}
