package io.evomerge.eval;

import io.evomerge.data.Metric;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Immutable metric values of one evaluation; asking for a metric that was not computed throws. */
public final class MetricsResult {

    private final Map<Metric, Double> values;

    public MetricsResult(Map<Metric, Double> values) {
        this.values = values.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(values));
    }

    public double get(Metric metric) {
        Double value = values.get(metric);
        if (value == null) {
            throw new IllegalArgumentException("metric " + metric.key() + " was not computed; have " + values.keySet());
        }
        return value;
    }

    public double get(String key) {
        return get(Metric.fromKey(key));
    }

    public boolean has(Metric metric) {
        return values.containsKey(metric);
    }

    /** Unmodifiable view in metric declaration order. */
    public Map<Metric, Double> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetricsResult result && values.equals(result.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        values.forEach((metric, value) -> text.append(text.length() > 1 ? ", " : "")
                .append(metric.key()).append('=').append(String.format(Locale.ROOT, "%.4f", value)));
        return text.append('}').toString();
    }
}
