package io.evomerge.search;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Typed, validated access to a strategy's option map (as read from an experiment config). */
record Options(String strategy, Map<String, ?> values) {

    Options {
        values = Map.copyOf(values);
    }

    /** Rejects keys the strategy does not know, naming the valid ones. */
    Options allow(String... keys) {
        Set<String> valid = Set.of(keys);
        for (String key : values.keySet()) {
            if (!valid.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown option '" + key + "' for " + strategy + "; valid: " + new TreeSet<>(valid));
            }
        }
        return this;
    }

    int integer(String key, int fallback, int min, int max) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() < min || n.doubleValue() > max) {
            throw new IllegalArgumentException(
                    strategy + " option '" + key + "' must be an integer in [" + min + ", " + max + "], got " + v);
        }
        return n.intValue();
    }

    boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException(strategy + " option '" + key + "' must be true or false, got " + v);
        }
        return b;
    }

    /** A number in {@code (lo, hi]} ({@code lo} excluded when {@code openLo}). */
    double real(String key, double fallback, double lo, double hi, boolean openLo) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || !(openLo ? n.doubleValue() > lo : n.doubleValue() >= lo)
                || !(n.doubleValue() <= hi)) {
            throw new IllegalArgumentException(strategy + " option '" + key + "' must be a number in "
                    + (openLo ? "(" : "[") + lo + ", " + hi + "], got " + v);
        }
        return n.doubleValue();
    }

    @SuppressWarnings("unchecked")
    Map<String, ?> map(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m) || !m.keySet().stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException(
                    strategy + " option '" + key + "' must map gene names to values, got " + v);
        }
        return Map.copyOf((Map<String, ?>) m);
    }

    /** A map gene name → list of values (grid axes). */
    Map<String, List<?>> lists(String key) {
        Map<String, ?> m = map(key);
        for (var e : m.entrySet()) {
            if (!(e.getValue() instanceof List<?> l) || l.isEmpty()) {
                throw new IllegalArgumentException(strategy + " option '" + key + "." + e.getKey()
                        + "' must be a non-empty list of values, got " + e.getValue());
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, List<?>> lists = (Map<String, List<?>>) m;
        return lists;
    }
}
