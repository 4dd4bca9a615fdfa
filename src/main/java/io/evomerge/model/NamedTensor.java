package io.evomerge.model;

import java.util.Arrays;

/** A named float tensor in row-major order, e.g. one Hugging Face weight with its HF shape. */
public record NamedTensor(String name, long[] shape, float[] data) {

    public NamedTensor {
        long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (count != data.length) {
            throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(shape)
                    + " (" + count + " values) but " + data.length + " values");
        }
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
