package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/**
 * Model Stock (Jang et al. 2024), as mergekit computes it for k ≥ 2 fine-tuned models: cos is the mean over model
 * pairs of cos(τi, τj) (norm product floored at 1e-6, clamped to [−1, 1]); t = k·cos / (1 + (k − 1)·cos); the merge
 * is t·mean(θi) + (1 − t)·θ0 = θ0 + Σ (t/k)·τi. One t per tensor, or per row of the last dimension with
 * {@code filter_wise}. The plan holds (t/k)·τi, so a candidate's weights scale each model's share.
 */
final class ModelStockKernel implements Kernel<Void> {
    private final boolean filterWise;

    ModelStockKernel(boolean filterWise) {
        this.filterWise = filterWise;
    }

    @Override
    public Void prepare(TaskSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public TensorPlan plan(Void stats, TensorInfo tensor, float[][] tau) {
        int k = tau.length, n = tau[0].length;
        long[] shape = tensor.shape();
        int cols = filterWise && shape.length >= 1 ? (int) shape[shape.length - 1] : n;
        if (cols == 0) cols = n;
        for (int from = 0; from < n; from += cols) {
            double t = ratio(tau, from, Math.min(n, from + cols));
            for (float[] v : tau) for (int e = from; e < Math.min(n, from + cols); e++) v[e] = (float) (t / k * v[e]);
        }
        Contribution[] out = new Contribution[k];
        for (int i = 0; i < k; i++) out[i] = Contribution.dense(tau[i]);
        return new TensorPlan(tensor.name(), out);
    }

    /** t = k·cos / (1 + (k − 1)·cos) over elements [from, to). */
    static double ratio(float[][] tau, int from, int to) {
        int k = tau.length;
        double[] norm = new double[k];
        for (int i = 0; i < k; i++) {
            double s = 0;
            for (int e = from; e < to; e++) s += (double) tau[i][e] * tau[i][e];
            norm[i] = Math.sqrt(s);
        }
        double cosSum = 0;
        int pairs = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                double dot = 0;
                for (int e = from; e < to; e++) dot += (double) tau[i][e] * tau[j][e];
                cosSum += Math.max(-1, Math.min(1, dot / Math.max(norm[i] * norm[j], 1e-6)));
                pairs++;
            }
        }
        double cos = cosSum / pairs;
        return k * cos / (1 + (k - 1) * cos);
    }
}
