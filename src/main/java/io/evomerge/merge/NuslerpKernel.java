package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/**
 * mergekit's NuSLERP: slerp between two vectors v0, v1 at t = w2/(w1 + w2) (0.5 when |w1 + w2| < 1e-6), with the
 * linear interpolation where sin Ω < 1e-8. v0, v1 are the two task vectors when there is a base (the result is
 * θ0 + slerp), and the models themselves otherwise (the config reader then gives a zero base). Vectors are whole
 * tensors ({@code nuslerp_flatten}), else the rows of the last dimension, or with {@code nuslerp_row_wise} the
 * columns of a matrix.
 */
final class NuslerpKernel implements Kernel<Void> {
    private static final double EPS = 1e-8;
    private final double t;
    private final boolean flatten;
    private final boolean rowWise;

    NuslerpKernel(List<Double> weights, boolean flatten, boolean rowWise) {
        double sum = weights.get(0) + weights.get(1);
        this.t = Math.abs(sum) < 1e-6 ? 0.5 : weights.get(1) / sum;
        this.flatten = flatten;
        this.rowWise = rowWise;
    }

    @Override
    public Void prepare(TaskSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public TensorPlan plan(Void stats, TensorInfo tensor, float[][] tau) {
        float[] v0 = tau[0], v1 = tau[1];
        long[] shape = tensor.shape();
        int n = v0.length;
        int cols = flatten || shape.length < 2 ? n : (int) shape[shape.length - 1];
        int rows = n / Math.max(cols, 1);
        float[] out = new float[n];
        if (!flatten && rowWise && shape.length == 2) {
            // columns: element (r, c) of column c sits at r·cols + c
            for (int c = 0; c < cols; c++) slerp(v0, v1, out, c, cols, rows);
        } else {
            for (int r = 0; r < rows; r++) slerp(v0, v1, out, r * cols, 1, cols);
        }
        return new TensorPlan(tensor.name(), new Contribution[]{Contribution.dense(out), null});
    }

    /** Slerps the {@code length} elements at {@code from}, {@code from + stride}, ... */
    private void slerp(float[] v0, float[] v1, float[] out, int from, int stride, int length) {
        double n0 = 0, n1 = 0, dot = 0;
        for (int j = 0, k = from; j < length; j++, k += stride) {
            n0 += (double) v0[k] * v0[k];
            n1 += (double) v1[k] * v1[k];
            dot += (double) v0[k] * v1[k];
        }
        double cos = dot / Math.max(Math.sqrt(n0), 1e-7) / Math.max(Math.sqrt(n1), 1e-7);
        double omega = Math.acos(Math.max(-1, Math.min(1, cos))), sin = Math.sin(omega);
        boolean colinear = Math.abs(sin) < EPS;
        double s0 = colinear ? 1 - t : Math.sin((1 - t) * omega) / sin, s1 = colinear ? t : Math.sin(t * omega) / sin;
        for (int j = 0, k = from; j < length; j++, k += stride) out[k] = (float) (s0 * v0[k] + s1 * v1[k]);
    }
}
