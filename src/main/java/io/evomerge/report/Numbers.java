package io.evomerge.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** How the report prints numbers: metrics ×100 with one decimal (the papers' style), durations, fitness. */
final class Numbers {
    static final String NONE = "–";

    private Numbers() {
    }

    /**
     * A metric in points (×100), rounded half away from zero to the one decimal the tables print; null stays null.
     * Rounding the shortest decimal form (not the binary value) makes 0.4125 print as 41.3, as a reader expects.
     */
    static Double points(Double metric) {
        return metric == null ? null
                : BigDecimal.valueOf(metric).movePointRight(2).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    /** The mean in points of the given metrics, rounded like {@link #points}; null if any is missing. */
    static Double averagePoints(List<Double> metrics) {
        if (metrics.isEmpty() || metrics.stream().anyMatch(Objects::isNull)) return null;
        return points(metrics.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    }

    static String oneDecimal(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%.1f", value);
    }

    /** An interval in points as "[low, high]", each end rounded like {@link #points}. */
    static String interval(Interval interval) {
        return "[" + oneDecimal(points(interval.low())) + ", " + oneDecimal(points(interval.high())) + "]";
    }

    /** A difference in points with its sign: "+1.8", "-0.4", "+0.0". */
    static String signed(double metric) {
        double p = points(metric);
        return (p < 0 ? "-" : "+") + oneDecimal(Math.abs(p));
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
