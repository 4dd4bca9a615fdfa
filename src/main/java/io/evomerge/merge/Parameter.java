package io.evomerge.merge;

import java.math.BigDecimal;
import java.util.List;

/**
 * One parameter a merge method accepts, declared once in {@link MergeMethod}: the config reader, the recipe writer,
 * the search's genes and grid keys, the CLI help and the README table all derive from these declarations.
 *
 * @param name        the key in a config's {@code parameters:}
 * @param type        what values look like
 * @param fallback    the default (per model for per-model parameters); null for {@link Type#PERMUTATION}, whose
 *                    default is the identity order
 * @param min         lower bound of numbers (REAL, INTEGER)
 * @param minOpen     whether {@code min} itself is refused
 * @param max         upper bound of numbers
 * @param maxOpen     whether {@code max} itself is refused
 * @param choices     the valid values of a {@link Type#CHOICE}
 * @param perModel    whether a model's own {@code parameters:} may override the global value (mergekit's rule)
 * @param candidate   whether the value is applied per candidate (weights, λ) rather than shaping the merge plan
 * @param description one line for help texts and tables
 */
public record Parameter(String name, Type type, Object fallback, double min, boolean minOpen, double max,
                        boolean maxOpen, List<String> choices, boolean perModel, boolean candidate, String description) {

    /** The shapes of parameter values. */
    public enum Type {
        /** A finite number in a range. */
        REAL,
        /** A whole number in a range. */
        INTEGER,
        /** true or false. */
        BOOLEAN,
        /** One of a fixed set of words. */
        CHOICE,
        /** An ordering of the model indices 0..n−1. */
        PERMUTATION,
        /** A regular expression or a list of them. */
        PATTERNS
    }

    public Parameter {
        choices = List.copyOf(choices);
    }

    static Parameter real(String name, double fallback, double min, boolean minOpen, double max, boolean maxOpen,
                          String description) {
        return new Parameter(name, Type.REAL, fallback, min, minOpen, max, maxOpen, List.of(), false, false, description);
    }

    static Parameter integer(String name, long fallback, long min, long max, String description) {
        return new Parameter(name, Type.INTEGER, fallback, min, false, max, false, List.of(), false, false, description);
    }

    static Parameter bool(String name, boolean fallback, String description) {
        return new Parameter(name, Type.BOOLEAN, fallback, 0, false, 0, false, List.of(), false, false, description);
    }

    static Parameter choice(String name, String fallback, List<String> choices, String description) {
        return new Parameter(name, Type.CHOICE, fallback, 0, false, 0, false, choices, false, false, description);
    }

    static Parameter permutation(String name, String description) {
        return new Parameter(name, Type.PERMUTATION, null, 0, false, 0, false, List.of(), false, false, description);
    }

    static Parameter patterns(String name, String description) {
        return new Parameter(name, Type.PATTERNS, List.of(), 0, false, 0, false, List.of(), false, false, description);
    }

    /** This parameter, also accepted per model (the global value is then every model's default). */
    Parameter perModelToo() {
        return new Parameter(name, type, fallback, min, minOpen, max, maxOpen, choices, true, candidate, description);
    }

    /** This parameter, applied per candidate instead of shaping the plan. */
    Parameter perCandidate() {
        return new Parameter(name, type, fallback, min, minOpen, max, maxOpen, choices, perModel, true, description);
    }

    /** This parameter with another default. */
    Parameter withDefault(Object value) {
        return new Parameter(name, type, value, min, minOpen, max, maxOpen, choices, perModel, candidate, description);
    }

    /** Whether a number lies in the declared range. */
    public boolean inRange(double v) {
        return Double.isFinite(v) && (minOpen ? v > min : v >= min) && (maxOpen ? v < max : v <= max);
    }

    /** The range as a reader sees it, e.g. {@code (0, 1]}; empty for types without one. */
    public String range() {
        return switch (type) {
            case REAL, INTEGER -> (minOpen ? "(" : "[") + bound(min) + ", " + bound(max)
                    + (maxOpen || bound(max).equals("∞") ? ")" : "]");
            case BOOLEAN -> "true, false";
            case CHOICE -> String.join(", ", choices);
            case PERMUTATION -> "a permutation of 0..n-1";
            case PATTERNS -> "regular expressions";
        };
    }

    /** The default as written in a config. */
    public String defaultText() {
        return switch (type) {
            case PERMUTATION -> "0..n-1";
            case PATTERNS -> "none";
            case REAL -> plain((Double) fallback);
            default -> String.valueOf(fallback);
        };
    }

    /** A bound as written; whole-number ranges reaching the largest int are unbounded for any real use. */
    private String bound(double v) {
        if (Double.isInfinite(v) || type == Type.INTEGER && v >= Integer.MAX_VALUE) return v > 0 ? "∞" : "−∞";
        return plain(v);
    }

    /** A number as a config writes it: 0.0001, not 1.0E-4; 1, not 1.0. */
    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
