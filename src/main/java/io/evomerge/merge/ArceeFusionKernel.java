package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.Arrays;
import java.util.List;

/**
 * Arcee Fusion, as mergekit's {@code arcee_fusion} defines it: per row of the last dimension, the importance of an
 * entry is |θ1 − θ0| × KL(softmax(θ1 row) + 1e-8 ‖ softmax(θ0 row) + 1e-8); the tensor keeps θ1's change where the
 * importance reaches median + 1.5·(q3 − q1), the quartiles read at index ⌊q·(n − 1)⌋ of the sorted importances.
 * mergekit estimates the quartiles from a random sample of 1M entries for larger tensors; evomerge sorts them all.
 */
final class ArceeFusionKernel implements Kernel<Void> {
    @Override
    public Void prepare(TaskSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public TensorPlan plan(Void stats, TensorInfo tensor, float[][] tau) {
        throw new IllegalStateException("arcee_fusion needs the base tensor");
    }

    @Override
    public TensorPlan plan(Void stats, TensorInfo tensor, float[] base, float[][] tau) {
        float[] d = tau[0];
        long[] shape = tensor.shape();
        int cols = shape.length == 0 ? d.length : (int) shape[shape.length - 1];
        if (cols == 0) cols = Math.max(d.length, 1);
        float[] importance = new float[d.length];
        for (int from = 0; from < d.length; from += cols) {
            double kl = klDivergence(base, d, from, Math.min(d.length, from + cols));
            for (int k = from; k < Math.min(d.length, from + cols); k++) importance[k] = (float) (Math.abs(d[k]) * kl);
        }
        float threshold = threshold(importance);
        for (int k = 0; k < d.length; k++) if (!(importance[k] >= threshold)) d[k] = 0f;
        return new TensorPlan(tensor.name(), new Contribution[]{Contribution.of(d, d.length)});
    }

    /** median + 1.5·(q3 − q1), each quantile at index ⌊q·(n − 1)⌋ of the ascending values. */
    static float threshold(float[] importance) {
        float[] sorted = importance.clone();
        Arrays.sort(sorted);
        long[] at = KernelRules.arceeQuartileRanks(sorted.length);
        return KernelRules.arceeThreshold(sorted[(int) at[0]], sorted[(int) at[1]], sorted[(int) at[2]]);
    }

    /** KL(p ‖ q) of p = softmax(θ0 + τ) + 1e-8 and q = softmax(θ0) + 1e-8 over elements [from, to). */
    static double klDivergence(float[] base, float[] tau, int from, int to) {
        double maxP = Double.NEGATIVE_INFINITY, maxQ = Double.NEGATIVE_INFINITY;
        for (int k = from; k < to; k++) {
            maxP = Math.max(maxP, base[k] + tau[k]);
            maxQ = Math.max(maxQ, base[k]);
        }
        double sumP = 0, sumQ = 0;
        for (int k = from; k < to; k++) {
            sumP += Math.exp(base[k] + tau[k] - maxP);
            sumQ += Math.exp(base[k] - maxQ);
        }
        double kl = 0;
        for (int k = from; k < to; k++) {
            double p = Math.exp(base[k] + tau[k] - maxP) / sumP + 1e-8, q = Math.exp(base[k] - maxQ) / sumQ + 1e-8;
            kl += p * Math.log(p / q);
        }
        return kl;
    }
}
