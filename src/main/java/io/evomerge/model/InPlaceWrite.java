package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Writes values into an array's own native storage. DJL's {@code NDArray.set(Buffer)}, and {@code copyTo} which
 * calls it, do not: on CPU they re-point the tensor at a new Java direct buffer. Parameters written that way left
 * fine-tuning with non-finite gradients at random steps. Index assignment ({@code t[...] = v}) copies in place.
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
