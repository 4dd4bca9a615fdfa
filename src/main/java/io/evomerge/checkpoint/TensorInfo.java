package io.evomerge.checkpoint;

import java.util.Arrays;

/**
 * One tensor of a checkpoint: name, element type, shape, and where its bytes lie in {@code file}
 * ({@code offset} is absolute from the start of the file).
 */
public record TensorInfo(String name, DType dtype, long[] shape, String file, long offset, long byteSize) {
    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (1 for a scalar). */
    public long numel() {
        return numel(shape);
    }

    public boolean sameShape(TensorInfo other) {
        return Arrays.equals(shape, other.shape);
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && file.equals(t.file) && offset == t.offset && byteSize == t.byteSize;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + shapeString();
    }
}
