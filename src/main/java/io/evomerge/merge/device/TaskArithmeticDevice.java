package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/** Task arithmetic and linear averaging on the device: every model contributes its whole task vector. */
final class TaskArithmeticDevice implements DeviceKernel<Void> {
    @Override
    public Void prepare(DeviceSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public NDArray plan(Void stats, TensorInfo t, NDArray tau) {
        return tau;
    }
}
