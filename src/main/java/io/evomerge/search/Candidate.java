package io.evomerge.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A decoded point of a {@link SearchSpace}: gene name → value ({@link Double} for reals, the
 * option itself for choices), in the space's gene order. Equal candidates describe the same
 * merge, so callers may key caches and journals by them.
 */
public record Candidate(Map<String, Object> values) {

    public Candidate {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of a continuous gene. */
    public double real(String name) {
        if (!(get(name) instanceof Double d)) {
            throw new IllegalArgumentException("gene '" + name + "' is not continuous");
        }
        return d;
    }

    /** The value of any gene, cast to {@code type}. */
    public <T> T get(String name, Class<T> type) {
        return type.cast(get(name));
    }

    /** The value of any gene. */
    public Object get(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("unknown gene '" + name + "'; genes: " + values.keySet());
        }
        return value;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
