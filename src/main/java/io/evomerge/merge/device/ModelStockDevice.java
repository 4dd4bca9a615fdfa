package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/**
 * Model Stock on the device (Java: {@code ModelStockKernel}): per tensor, or per row of the last dimension, the mean
 * pairwise cosine of the k task vectors (pairs summed in the Java kernel's order), t = k·cos / (1 + (k − 1)·cos), and
 * the contributions (t/k)·τi, in float64 rounded to float32. Norms and dot products are float64 reductions in
 * PyTorch's order, so t may differ from Java's in its last bits.
 */
final class ModelStockDevice implements DeviceKernel<Void> {
    private final boolean filterWise;

    ModelStockDevice(boolean filterWise) {
        this.filterWise = filterWise;
    }

    @Override
    public Void prepare(DeviceSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public NDArray plan(Void stats, TensorInfo tensor, NDArray tau) {
        int k = Math.toIntExact(tau.getShape().get(0));
        long n = tau.getShape().get(1);
        long[] shape = tensor.shape();
        long cols = filterWise && shape.length >= 1 ? shape[shape.length - 1] : n;
        if (cols == 0) cols = n;
        if (n == 0) return tau;
        NDArray x = tau.toType(DataType.FLOAT64, false).reshape(k, n / cols, cols);
        NDArray norm = x.mul(x).sum(new int[]{2}).sqrt(); // [k, rows]
        NDArray cosSum = null;
        int pairs = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                NDArray dot = x.get(i).mul(x.get(j)).sum(new int[]{1});
                NDArray cos = dot.div(norm.get(i).mul(norm.get(j)).maximum(1e-6)).clip(-1, 1);
                cosSum = cosSum == null ? cos : cosSum.add(cos);
                pairs++;
            }
        }
        NDArray cos = cosSum.div(pairs);
        NDArray t = cos.mul(k).div(cos.mul(k - 1).add(1)); // [rows]
        NDArray share = t.div(k).reshape(1, n / cols, 1);
        return x.mul(share).toType(DataType.FLOAT32, false).reshape(k, n);
    }
}
