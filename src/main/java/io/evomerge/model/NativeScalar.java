package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A 0-d float tensor in PyTorch-owned memory, for scalar operands inside a training graph. DJL's
 * {@code NDArray.mul(Number)}/{@code div(Number)} wrap the number in a tensor over a Java direct buffer and close it
 * at once, but autograd keeps that tensor for the backward pass; once the garbage collector frees the buffer, the
 * backward pass reads freed memory. In attention's {@code scores / sqrt(d)} that gave the query and key gradients
 * garbage (NaN at random steps) while everything else stayed finite. {@code full} fills a tensor that PyTorch
 * allocates, so autograd's reference keeps it alive. (DJL's {@code toType(same type, true)} would not copy.)
 */
final class NativeScalar {
    private NativeScalar() {
    }

    /** {@code value} as a 0-d float tensor on {@code like}'s manager and device. */
    static NDArray of(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, DataType.FLOAT32);
    }
}
