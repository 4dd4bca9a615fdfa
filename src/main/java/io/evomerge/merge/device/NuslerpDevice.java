package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/**
 * NuSLERP on the device (Java: {@code NuslerpKernel}): every vector (the whole tensor, each row of the last
 * dimension, or each column) slerped at once as a [vectors, length] float64 array, rounded to float32 at the end.
 * The contribution is the first model's row; the second model's is zero (its share is in the first's). Norms and dot
 * products are float64 reductions in PyTorch's order, so results may differ from Java's in the last float bit.
 */
final class NuslerpDevice implements DeviceKernel<Void> {
    private static final double EPS = 1e-8;
    private final double t;
    private final boolean flatten;
    private final boolean rowWise;

    NuslerpDevice(List<Double> weights, boolean flatten, boolean rowWise) {
        double sum = weights.get(0) + weights.get(1);
        this.t = Math.abs(sum) < 1e-6 ? 0.5 : weights.get(1) / sum;
        this.flatten = flatten;
        this.rowWise = rowWise;
    }

    @Override
    public Void prepare(DeviceSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public NDArray plan(Void stats, TensorInfo tensor, NDArray tau) {
        long[] shape = tensor.shape();
        long n = tau.getShape().get(1);
        long cols = flatten || shape.length < 2 ? n : shape[shape.length - 1];
        long rows = n / Math.max(cols, 1);
        boolean columns = !flatten && rowWise && shape.length == 2;
        NDArray v0 = vectors(tau.get(0), rows, cols, columns), v1 = vectors(tau.get(1), rows, cols, columns);
        NDArray n0 = v0.mul(v0).sum(new int[]{1}, true).sqrt(), n1 = v1.mul(v1).sum(new int[]{1}, true).sqrt();
        NDArray cos = v0.mul(v1).sum(new int[]{1}, true).div(n0.maximum(1e-7)).div(n1.maximum(1e-7));
        NDArray omega = cos.clip(-1, 1).acos(), sin = omega.sin();
        NDArray colinear = sin.abs().lt(EPS);
        NDArray s0 = NDArrays.where(colinear, sin.onesLike().mul(1 - t), omega.mul(1 - t).sin().div(sin));
        NDArray s1 = NDArrays.where(colinear, sin.onesLike().mul(t), omega.mul(t).sin().div(sin));
        NDArray out = v0.mul(s0).add(v1.mul(s1));
        if (columns) out = out.transpose();
        NDArray first = out.toType(DataType.FLOAT32, false).reshape(1, n);
        return NDArrays.concat(new NDList(first, first.zerosLike()), 0);
    }

    /** One model's vectors as [vectors, length] float64: rows of [rows, cols], or its columns. */
    private static NDArray vectors(NDArray x, long rows, long cols, boolean columns) {
        NDArray m = x.toType(DataType.FLOAT64, false).reshape(rows, Math.max(cols, 1));
        return columns ? m.transpose() : m;
    }
}
