package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import java.lang.foreign.MemorySegment;

/** Where a CPU array's values live in native memory: the same address before and after a write means no re-pointing. */
final class NativeStorage {
    private NativeStorage() {
    }

    static long address(NDArray array) {
        return MemorySegment.ofBuffer(array.toByteBuffer(true)).address();
    }
}
