package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/**
 * A merge method's maths on DJL NDArrays, split where its Java kernel ({@code merge.Kernel}) splits: {@link #prepare}
 * computes a row's statistics (exact quantiles, by {@link DeviceSelection}) from task vectors streamed onto the device;
 * {@link #plan} turns one tensor's task vectors into every model's contribution. Declared per method in the registry
 * ({@code MergeMethod}), built by {@link DeviceKernels}.
 *
 * @param <S> the row statistics (host values: thresholds, clip bounds)
 */
public interface DeviceKernel<S> {
    S prepare(DeviceSource source, List<TensorInfo> row);

    /**
     * {@code tau}: [models, numel] float32 task vectors of tensor {@code t} on the device; returns the contributions,
     * [models, numel], computed in {@code tau}'s manager (the caller keeps the result and frees the rest).
     */
    NDArray plan(S stats, TensorInfo t, NDArray tau);

    /**
     * As {@link #plan(Object, TensorInfo, NDArray)}, for kernels that also need the base θ0 ({@code base}: [numel]
     * float32 on the device; slerp, Arcee Fusion).
     */
    default NDArray plan(S stats, TensorInfo t, NDArray base, NDArray tau) {
        return plan(stats, t, tau);
    }
}
