package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/**
 * TIES's trim on the device (Java: {@code TrimKernel}): model i keeps the entries with |x| ≥ the k-th smallest |x|
 * of its row, k = d − ⌊d·density⌋ (1-based), selected exactly by {@link DeviceSelection}.
 */
final class TrimDevice implements DeviceKernel<float[]> {
    private final List<Double> densities;

    TrimDevice(List<Double> densities) {
        this.densities = densities;
    }

    @Override
    public float[] prepare(DeviceSource source, List<TensorInfo> row) {
        int n = source.models();
        long d = row.stream().mapToLong(TensorInfo::numel).sum();
        long[][] ranks = new long[n][];
        for (int i = 0; i < n; i++) {
            long k = d - (long) (d * densities.get(i));
            ranks[i] = k == 0 ? new long[0] : new long[]{k - 1};
        }
        float[][] selected = DeviceSelection.select(ranks, d, sink -> source.forEach(row, (t, tau) -> sink.accept(tau.abs())));
        float[] threshold = new float[n];
        for (int i = 0; i < n; i++) threshold[i] = ranks[i].length == 0 ? Float.NEGATIVE_INFINITY : selected[i][0];
        return threshold;
    }

    @Override
    public NDArray plan(float[] threshold, TensorInfo t, NDArray tau) {
        NDArray th = tau.getManager().create(threshold, new Shape(threshold.length, 1));
        return NDArrays.where(tau.abs().gte(th), tau, tau.zerosLike());
    }
}
