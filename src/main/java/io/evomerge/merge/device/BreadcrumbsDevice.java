package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.merge.KernelRules;

import java.util.List;

/**
 * Model Breadcrumbs on the device (Java: {@code BreadcrumbsKernel}): each model keeps the entries whose rank by
 * ascending |τ| over the tensor (ties by position, {@link MagnitudeRanks}) lies in [bottom, d − top), the range
 * {@code KernelRules.breadcrumbsDropped} gives both backends. Bit for bit the Java kernel's.
 */
final class BreadcrumbsDevice implements DeviceKernel<Void> {
    private final List<Double> densities;
    private final List<Double> gammas;

    BreadcrumbsDevice(List<Double> densities, List<Double> gammas) {
        this.densities = densities;
        this.gammas = gammas;
    }

    @Override
    public Void prepare(DeviceSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public NDArray plan(Void stats, TensorInfo t, NDArray tau) {
        int n = Math.toIntExact(tau.getShape().get(0)), d = Math.toIntExact(tau.getShape().get(1));
        NDList out = new NDList();
        for (int i = 0; i < n; i++) {
            NDArray v = tau.get(i).expandDims(0);
            if (densities.get(i) < 1) {
                int[] dropped = KernelRules.breadcrumbsDropped(d, densities.get(i), gammas.get(i));
                NDArray rank = MagnitudeRanks.of(v);
                NDArray keep = rank.gte(dropped[0]).logicalAnd(rank.lt(d - dropped[1]));
                v = NDArrays.where(keep, v, v.zerosLike());
            }
            out.add(v);
        }
        return NDArrays.concat(out, 0);
    }
}
