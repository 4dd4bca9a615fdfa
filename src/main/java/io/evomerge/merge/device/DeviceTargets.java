package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.Map;

/**
 * Device arrays shaped like a merged model (every float tensor), for rebuilds that stay on the device without a
 * model to write into (benchmarks). Owns its manager.
 */
public final class DeviceTargets implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> arrays;

    DeviceTargets(NDManager manager, Map<String, NDArray> arrays) {
        this.manager = manager;
        this.arrays = arrays;
    }

    Map<String, NDArray> arrays() {
        return arrays;
    }

    /** Waits for the device's queued work by reading one value back (a GPU runs kernels asynchronously). */
    public void sync() {
        for (NDArray a : arrays.values()) {
            try (NDArray first = a.flatten().get(0)) {
                first.getFloat();
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
