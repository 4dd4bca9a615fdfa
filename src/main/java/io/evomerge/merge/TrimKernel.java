package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/**
 * TIES-Merging's trim step (Yadav et al. 2023; ties-merging {@code topk_values_mask}): each task keeps the entries
 * with |x| ≥ the k-th smallest |x| of its row, k = d − ⌊d·density⌋ (1-based), i.e. its top density fraction with ties
 * kept. Sign election and the disjoint mean happen per candidate, in {@link MergePlan}.
 */
final class TrimKernel implements Kernel<float[]> {
    private final List<Double> densities;

    TrimKernel(List<Double> densities) {
        this.densities = densities;
    }

    /** Per model: the threshold (−∞ when everything is kept). */
    @Override
    public float[] prepare(TaskSource source, List<TensorInfo> row) {
        int n = source.modelCount();
        long d = row.stream().mapToLong(TensorInfo::numel).sum();
        float[] threshold = new float[n];
        long[][] ranks = new long[n][];
        for (int i = 0; i < n; i++) {
            long k = d - (long) (d * densities.get(i));
            ranks[i] = k == 0 ? new long[0] : new long[]{k - 1};
        }
        Selection sel = new Selection(ranks);
        for (int pass = 0; pass < 2; pass++) {
            float[][] a = new float[n][Chunks.SIZE];
            Chunks.forEach(source, row, (t, start, tau, len) -> Parallel.forEachModel(n, i -> {
                if (ranks[i].length == 0) return;
                for (int k = 0; k < len; k++) a[i][k] = Math.abs(tau[i][k]);
                sel.add(i, a[i], 0, len);
            }));
            if (pass == 0) sel.nextPass();
        }
        for (int i = 0; i < n; i++) threshold[i] = ranks[i].length == 0 ? Float.NEGATIVE_INFINITY : sel.value(i, 0);
        return threshold;
    }

    @Override
    public TensorPlan plan(float[] threshold, TensorInfo t, float[][] tau) {
        Contribution[] out = new Contribution[tau.length];
        for (int i = 0; i < tau.length; i++) {
            float[] v = tau[i];
            for (int k = 0; k < v.length; k++) if (!(Math.abs(v[k]) >= threshold[i])) v[k] = 0f;
            out[i] = Contribution.of(v, v.length);
        }
        return new TensorPlan(t.name(), out);
    }
}
