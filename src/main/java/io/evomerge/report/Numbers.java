package io.evomerge.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** How the report prints numbers: metrics ×100 with one decimal (the papers' style), durations, fitness. */
final class Numbers {
    static final String NONE = "–";

    private Numbers() {
    }

    /** A metric in points (×100), rounded to the one decimal the tables print; null stays null. */
    static Double points(Double metric) {
        return metric == null ? null : Math.round(metric * 1000) / 10.0;
    }

    /** The mean in points of the given metrics, rounded like {@link #points}; null if any is missing. */
    static Double averagePoints(List<Double> metrics) {
        if (metrics.isEmpty() || metrics.stream().anyMatch(Objects::isNull)) return null;
        return points(metrics.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    }

    static String oneDecimal(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%.1f", value);
    }

    static String fitness(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%.4f", value);
    }

    static String duration(double seconds) {
        if (seconds < 100) return String.format(Locale.ROOT, "%.1f s", seconds);
        if (seconds < 2 * 3600) return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
