package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.merge.KernelRules;

import java.util.List;

/**
 * Arcee Fusion on the device (Java: {@code ArceeFusionKernel}): per row of the last dimension, KL(softmax(θ1) + 1e-8
 * ‖ softmax(θ0) + 1e-8) in float64; importance |τ|·KL rounded to float32; the quartiles are exact order statistics
 * of the importances ({@link DeviceSelection}, the values the Java kernel reads off its sort). The KL sums are
 * float64 reductions in PyTorch's order, so an importance may differ from Java's in its last float bit.
 */
final class ArceeFusionDevice implements DeviceKernel<Void> {
    @Override
    public Void prepare(DeviceSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public NDArray plan(Void stats, TensorInfo tensor, NDArray tau) {
        throw new IllegalStateException("arcee_fusion needs the base tensor");
    }

    @Override
    public NDArray plan(Void stats, TensorInfo tensor, NDArray base, NDArray tau) {
        NDArray d = tau.get(0);
        long n = d.getShape().get(0);
        if (n == 0) return tau;
        long[] shape = tensor.shape();
        long cols = shape.length == 0 ? n : shape[shape.length - 1];
        if (cols == 0) cols = Math.max(n, 1);
        NDArray theta1 = base.add(d).toType(DataType.FLOAT64, false).reshape(n / cols, cols); // float sum, as Java
        NDArray theta0 = base.toType(DataType.FLOAT64, false).reshape(n / cols, cols);
        NDArray p = softmax(theta1).add(1e-8), q = softmax(theta0).add(1e-8);
        NDArray kl = p.mul(p.div(q).log()).sum(new int[]{1}, true);
        NDArray importance = d.toType(DataType.FLOAT64, false).abs().reshape(n / cols, cols).mul(kl)
                .toType(DataType.FLOAT32, false).reshape(n);
        float[] quartiles = DeviceSelection.select(new long[][]{KernelRules.arceeQuartileRanks(Math.toIntExact(n))}, n,
                sink -> sink.accept(importance.expandDims(0)))[0];
        float threshold = KernelRules.arceeThreshold(quartiles[0], quartiles[1], quartiles[2]);
        return NDArrays.where(importance.gte(threshold), d, d.zerosLike()).expandDims(0);
    }

    /** exp(x − max) / Σ exp(x − max) per row, as the Java kernel computes it. */
    private static NDArray softmax(NDArray x) {
        NDArray e = x.sub(x.max(new int[]{1}, true)).exp();
        return e.div(e.sum(new int[]{1}, true));
    }
}
