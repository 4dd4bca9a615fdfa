package io.evomerge.checkpoint;

import java.util.Arrays;

/** A tensor to be written: name, stored element type and shape. */
public record TensorSpec(String name, DType dtype, long[] shape) {
    public TensorSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long numel() {
        return TensorInfo.numel(shape);
    }

    public long byteSize() {
        return Math.multiplyExact(numel(), dtype.bytes());
    }

    /** The spec of {@code t} stored as {@code outputType} when it is a float tensor; integer buffers keep their type. */
    public static TensorSpec of(TensorInfo t, DType outputType) {
        return new TensorSpec(t.name(), t.dtype().isFloating() && outputType != null ? outputType : t.dtype(), t.shape());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec s && name.equals(s.name) && dtype == s.dtype && Arrays.equals(shape, s.shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }
}
