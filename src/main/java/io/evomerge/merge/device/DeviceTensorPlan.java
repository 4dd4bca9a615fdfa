package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** One tensor's plan on the device: every model's contribution, [models, numel], owned by its own {@code scope}. */
record DeviceTensorPlan(String name, NDArray contributions, NDManager scope) implements AutoCloseable {
    long bytes() {
        return contributions.size() * Float.BYTES;
    }

    @Override
    public void close() {
        scope.close();
    }
}
