package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The most device memory held at once by the arrays under one manager (its sub-managers included), sampled where a
 * tensor group's inputs, temporaries and results are all alive: after a kernel's plan, a statistics pass's visit and a
 * rebuild, before their scopes close. Counts array bytes, not the allocator's cache.
 */
final class Watermark {
    private final NDManager manager;
    private long peak;

    Watermark(NDManager manager) {
        this.manager = manager;
    }

    /** Bytes of the arrays alive under the manager now. */
    long liveBytes() {
        long bytes = 0;
        for (NDArray a : manager.getManagedArrays()) bytes += a.size() * a.getDataType().getNumOfBytes();
        return bytes;
    }

    void sample() {
        peak = Math.max(peak, liveBytes());
    }

    long peak() {
        return peak;
    }

    void reset() {
        peak = 0;
    }
}
