package io.evomerge.model;

import java.util.Arrays;

/** A Hugging Face parameter name with its HF shape (Linear weights are [out, in]). */
public record ParameterShape(String name, long[] shape) {

    public ParameterShape {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int elementCount() {
        return Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterShape p && name.equals(p.name) && Arrays.equals(shape, p.shape);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
