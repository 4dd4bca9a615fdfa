package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Writes values into an array's own native storage. DJL's {@code NDArray.set(Buffer)}, and {@code copyTo} which
 * calls it, do not: on CPU they re-point the tensor at a new Java direct buffer that only the array's Java object
 * keeps alive, after copying the values twice more. Index assignment ({@code t[...] = v}) copies once, in place, so
 * a parameter's memory stays PyTorch's.
 */
final class InPlaceWrite {
    private static final NDIndex ALL = new NDIndex("...");

    private InPlaceWrite() {
    }

    /** {@code target[...] = values}: same shape, same storage afterwards. */
    static void copy(NDArray values, NDArray target) {
        target.set(ALL, values);
    }
}
