package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/**
 * CABS (conflict-aware, balanced sparsification; CABS {@code prune_task_vector.py}), generalised from two models to
 * any number: models are pruned in {@code order}; each keeps only positions no earlier model kept
 * (τk ⊙ (1 − union of earlier masks)), then prunes that with
 * <ul>
 *   <li>n:m — consecutive blocks of m (row-major), the n largest |x| kept per block, an incomplete tail block dropped;</li>
 *   <li>magnitude — |x| > the value at index ⌊sparsity·N⌋ of the ascending sorted |x|, sparsity = 1 − density.</li>
 * </ul>
 * Magnitude thresholds depend on the earlier models' masks, so {@link #prepare} selects them model by model.
 */
final class CabsKernel implements Kernel<float[]> {
    private final MergeMethod.Pruning pruning;
    private final int n;
    private final int m;
    private final List<Double> densities;
    private final List<Integer> order;

    CabsKernel(MergeMethod.Pruning pruning, int n, int m, List<Double> densities, List<Integer> order) {
        this.pruning = pruning;
        this.n = n;
        this.m = m;
        this.densities = densities;
        this.order = order;
    }

    /** Per model (by index): its magnitude threshold; unused (null) for n:m. */
    @Override
    public float[] prepare(TaskSource source, List<TensorInfo> row) {
        if (pruning == MergeMethod.Pruning.NM) return null;
        long d = row.stream().mapToLong(TensorInfo::numel).sum();
        return KernelRules.cabsThresholds(order, densities, d, source.modelCount(), (model, upTo, rank, threshold) -> {
            Selection sel = new Selection(new long[][]{{rank}});
            for (int pass = 0; pass < 2; pass++) {
                boolean[] taken = new boolean[Chunks.SIZE];
                Chunks.forEach(source, row, (t, start, tau, len) -> {
                    java.util.Arrays.fill(taken, 0, len, false);
                    for (int q = 0; q < upTo; q++) {
                        float[] x = tau[order.get(q)];
                        float th = threshold[order.get(q)];
                        for (int k = 0; k < len; k++) if (!taken[k] && Math.abs(x[k]) > th) taken[k] = true;
                    }
                    float[] x = tau[model];
                    for (int k = 0; k < len; k++) sel.add(0, taken[k] ? 0f : Math.abs(x[k]));
                });
                if (pass == 0) sel.nextPass();
            }
            return sel.value(0, 0);
        });
    }

    @Override
    public TensorPlan plan(float[] threshold, TensorInfo t, float[][] tau) {
        int len = tau[0].length;
        boolean[] taken = new boolean[len];
        Contribution[] out = new Contribution[tau.length];
        for (int model : order) {
            float[] v = tau[model];
            for (int k = 0; k < len; k++) if (taken[k]) v[k] = 0f;
            boolean[] keep = pruning == MergeMethod.Pruning.NM ? blockMask(v) : magnitudeMask(v, threshold[model]);
            for (int k = 0; k < len; k++) {
                if (keep[k]) taken[k] = true;
                else v[k] = 0f;
            }
            out[model] = Contribution.of(v, len);
        }
        return new TensorPlan(t.name(), out);
    }

    private static boolean[] magnitudeMask(float[] v, float threshold) {
        boolean[] keep = new boolean[v.length];
        for (int k = 0; k < v.length; k++) keep[k] = Math.abs(v[k]) > threshold;
        return keep;
    }

    /** n:m: in each complete block of m, the n largest |x| (the lower index wins a tie). */
    private boolean[] blockMask(float[] v) {
        boolean[] keep = new boolean[v.length];
        for (int b = 0; b + m <= v.length; b += m) {
            for (int pick = 0; pick < n; pick++) {
                int best = -1;
                for (int k = b; k < b + m; k++) {
                    if (!keep[k] && (best < 0 || Math.abs(v[k]) > Math.abs(v[best]))) best = k;
                }
                keep[best] = true;
            }
        }
        return keep;
    }
}
