package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.merge.DareMasks;

import java.util.List;

/**
 * DARE on the device (Java: {@code DareKernel}). The drop masks are drawn on the host from the Java kernel's random
 * stream (a function of seed, model index and tensor name), so both backends drop the same entries; the mask is
 * uploaded once at plan time, the rescale ({@code rescale: true}) runs on the device.
 */
final class DareDevice implements DeviceKernel<Void> {
    private final List<Double> densities;
    private final long seed;
    private final boolean rescale;

    DareDevice(List<Double> densities, long seed, boolean rescale) {
        this.densities = densities;
        this.seed = seed;
        this.rescale = rescale;
    }

    @Override
    public Void prepare(DeviceSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public NDArray plan(Void stats, TensorInfo t, NDArray tau) {
        int n = Math.toIntExact(tau.getShape().get(0)), len = Math.toIntExact(tau.getShape().get(1));
        boolean[] keep = new boolean[len];
        float[] scale = new float[n];
        NDList masks = new NDList();
        for (int i = 0; i < n; i++) {
            double p = densities.get(i);
            scale[i] = rescale ? (float) (1 / p) : 1f;
            DareMasks.fill(seed, i, t.name(), p, keep, 0, len);
            masks.add(tau.getManager().create(keep));
        }
        NDArray mask = NDArrays.stack(masks);
        NDArray scaled = tau.mul(tau.getManager().create(scale, new Shape(n, 1)));
        return NDArrays.where(mask, scaled, tau.zerosLike());
    }
}
