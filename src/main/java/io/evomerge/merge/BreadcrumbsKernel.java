package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/**
 * Model Breadcrumbs (Davari & Belilovsky 2023), mergekit's {@code magnitude_outliers}: per tensor of d entries, the
 * ⌊gamma·d⌋ largest |τ| are dropped as outliers and the smallest ones until ⌊density·d⌋ remain (when
 * density + gamma > 1 fewer outliers are dropped, to keep the density). Ties in |τ| go by position. Density 1 keeps
 * the task vector whole.
 */
final class BreadcrumbsKernel implements Kernel<Void> {
    private final List<Double> densities;
    private final List<Double> gammas;

    BreadcrumbsKernel(List<Double> densities, List<Double> gammas) {
        this.densities = densities;
        this.gammas = gammas;
    }

    @Override
    public Void prepare(TaskSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public TensorPlan plan(Void stats, TensorInfo t, float[][] tau) {
        Contribution[] out = new Contribution[tau.length];
        for (int i = 0; i < tau.length; i++) {
            float[] v = tau[i];
            if (densities.get(i) < 1) mask(v, densities.get(i), gammas.get(i));
            out[i] = Contribution.of(v, v.length);
        }
        return new TensorPlan(t.name(), out);
    }

    /** Zeroes all but the entries ranked [bottom, d − top) by ascending |x|. */
    static void mask(float[] v, double density, double gamma) {
        int d = v.length;
        int[] dropped = KernelRules.breadcrumbsDropped(d, density, gamma);
        int bottom = dropped[0], top = dropped[1];
        int[] order = MagnitudeOrder.ascending(v, 0, 1, d);
        for (int j = 0; j < bottom; j++) v[order[j]] = 0f;
        for (int j = d - top; j < d; j++) v[order[j]] = 0f;
    }
}
