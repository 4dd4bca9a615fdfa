package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * DARE (Yu et al. 2024): each task-vector entry survives with probability density and is rescaled by 1/density.
 * The random stream is a function of (seed, model index, tensor name) alone, so the same seed gives the same masks
 * whatever order tensors are processed in.
 */
final class DareKernel implements Kernel<Void> {
    private final List<Double> densities;
    private final long seed;

    DareKernel(List<Double> densities, long seed) {
        this.densities = densities;
        this.seed = seed;
    }

    @Override
    public Void prepare(TaskSource source, List<TensorInfo> row) {
        return null;
    }

    static SplittableRandom random(long seed, int model, String tensor) {
        long mixed = seed * 0x9E3779B97F4A7C15L + model * 0xBF58476D1CE4E5B9L + tensor.hashCode() * 0x94D049BB133111EBL;
        return new SplittableRandom(mixed);
    }

    @Override
    public TensorPlan plan(Void stats, TensorInfo t, float[][] tau) {
        Contribution[] out = new Contribution[tau.length];
        for (int i = 0; i < tau.length; i++) {
            double p = densities.get(i);
            float scale = (float) (1 / p);
            SplittableRandom r = random(seed, i, t.name());
            float[] v = tau[i];
            for (int k = 0; k < v.length; k++) v[k] = r.nextDouble() < p ? v[k] * scale : 0f;
            out[i] = Contribution.of(v, v.length);
        }
        return new TensorPlan(t.name(), out);
    }
}
