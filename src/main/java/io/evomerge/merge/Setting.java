package io.evomerge.merge;

import io.evomerge.config.YamlNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A numeric parameter value as a merge config writes it (mergekit's grammar): a scalar; a gradient, a list of numbers
 * interpolated linearly over the layers; or a list of {@code {filter, value}} conditions, where the first condition
 * whose filter is a substring of the tensor name (or is absent or {@code *}) gives the value.
 */
sealed interface Setting {

    /** The value for tensor {@code tensor} at layer position {@code t} ∈ [0, 1]; null when no condition matches. */
    Double at(String tensor, double t);

    /** Whether the value is the same for every tensor. */
    default boolean constant() {
        return this instanceof Scalar;
    }

    record Scalar(double value) implements Setting {
        @Override
        public Double at(String tensor, double t) {
            return value;
        }
    }

    /**
     * mergekit's gradient: with k values, scaled = t·(k − 1), i0 = ⌊scaled⌋, the value is
     * (1 − frac)·v[i0] + frac·v[min(i0 + 1, k − 1)], frac = scaled − i0.
     */
    record Gradient(List<Double> values) implements Setting {
        public Gradient {
            values = List.copyOf(values);
        }

        @Override
        public Double at(String tensor, double t) {
            int k = values.size();
            double scaled = t * (k - 1);
            int i0 = (int) scaled;
            double frac = scaled - i0;
            return (1 - frac) * values.get(i0) + frac * values.get(Math.min(i0 + 1, k - 1));
        }
    }

    /** One {@code {filter, value}} entry; a null filter (or {@code *}) matches every tensor. */
    record Condition(String filter, Setting value) {
        boolean matches(String tensor) {
            return filter == null || filter.equals("*") || !tensor.isEmpty() && tensor.contains(filter);
        }
    }

    record Conditions(List<Condition> conditions) implements Setting {
        public Conditions {
            conditions = List.copyOf(conditions);
        }

        @Override
        public Double at(String tensor, double t) {
            for (Condition c : conditions) if (c.matches(tensor)) return c.value().at(tensor, t);
            return null;
        }
    }

    /** Checks one number of a setting (each gradient point and condition value is checked where written). */
    @FunctionalInterface
    interface NumberCheck {
        double check(YamlNode value);
    }

    /**
     * Parses a setting: a number, a list of numbers, a {@code {filter, value}} mapping or a list of them (a
     * condition's value may itself be a number or a gradient).
     */
    static Setting parse(YamlNode v, NumberCheck number) {
        if (v.isNumber()) return new Scalar(number.check(v));
        if (v.isMapping()) return new Conditions(List.of(condition(v, number)));
        if (!v.isList()) throw v.error("must be a number, a gradient list of numbers, or a list of {filter, value}, found "
                + v.found());
        List<YamlNode> items = v.items();
        if (items.isEmpty()) throw v.error("must not be an empty list (a gradient needs at least one number)");
        if (items.stream().allMatch(YamlNode::isNumber)) {
            List<Double> values = new ArrayList<>();
            for (YamlNode i : items) values.add(number.check(i));
            return values.size() == 1 ? new Scalar(values.getFirst()) : new Gradient(values);
        }
        List<Condition> conditions = new ArrayList<>();
        for (YamlNode i : items) {
            if (!i.isMapping()) {
                throw i.error("a list mixing numbers and conditions: give a gradient of numbers, or a list of "
                        + "{filter, value}, found " + i.found());
            }
            conditions.add(condition(i, number));
        }
        return new Conditions(conditions);
    }

    private static Condition condition(YamlNode c, NumberCheck number) {
        c.onlyKeys(List.of("filter", "value"));
        if (!c.has("value")) throw c.error("value", "is required (a number or a gradient list)");
        YamlNode value = c.get("value");
        if (!value.isNumber() && !value.isList()) {
            throw value.error("must be a number or a gradient list of numbers, found " + value.found());
        }
        if (value.isList() && !value.items().stream().allMatch(YamlNode::isNumber)) {
            throw value.error("must be a number or a gradient list of numbers");
        }
        return new Condition(c.has("filter") ? c.text("filter") : null, parse(value, number));
    }
}
