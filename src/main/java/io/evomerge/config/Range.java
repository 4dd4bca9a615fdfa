package io.evomerge.config;

import java.math.BigDecimal;

/** An interval of numbers a config value must fall in, each end open or closed; prints as {@code (0, 1]}. */
public record Range(double lo, boolean loOpen, double hi, boolean hiOpen) {

    /** {@code [lo, hi]}. */
    public static Range closed(double lo, double hi) {
        return new Range(lo, false, hi, false);
    }

    /** {@code (lo, hi]}. */
    public static Range above(double lo, double hi) {
        return new Range(lo, true, hi, false);
    }

    /** {@code [lo, hi)}. */
    public static Range below(double lo, double hi) {
        return new Range(lo, false, hi, true);
    }

    /** {@code [lo, ∞)}. */
    public static Range atLeast(double lo) {
        return new Range(lo, false, Double.POSITIVE_INFINITY, true);
    }

    public boolean contains(double x) {
        return (loOpen ? x > lo : x >= lo) && (hiOpen ? x < hi : x <= hi);
    }

    @Override
    public String toString() {
        return (loOpen ? "(" : "[") + format(lo) + ", " + format(hi) + (hiOpen ? ")" : "]");
    }

    /** A number as a user writes it: whole numbers without ".0", no exponent for small ones. */
    public static String format(double x) {
        if (Double.isInfinite(x)) return x > 0 ? "∞" : "-∞";
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }
}
