package io.evomerge.merge;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The discrete settings of a merge: the values of every plan-shaping parameter its method declares (masks,
 * quantiles), as opposed to the per-model weights and λ that a plan takes per candidate ({@link MergeWeights}). Every
 * declared parameter has a value (defaults filled in), so equal settings give equal plans: this record is the plan
 * cache's key. Per-model parameters hold one value per model.
 *
 * <p>Values: REAL → {@code Double} (per model: {@code List<Double>}), INTEGER → {@code Long}, BOOLEAN →
 * {@code Boolean}, CHOICE → {@code String}, PERMUTATION → {@code List<Integer>}, PATTERNS → {@code List<String>}.
 * Serializable, so that a cluster executor can receive a candidate.
 */
public record MergeSettings(MergeMethod method, int models, Map<String, Object> values) implements Serializable {
    public MergeSettings {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (Parameter p : method.parameters()) {
            if (p.candidate()) continue;
            Object v = values.get(p.name());
            if (v == null) throw new IllegalArgumentException(method.configName() + " needs a value for " + p.name());
            ordered.put(p.name(), canonical(p, v, models));
        }
        for (String k : values.keySet()) {
            if (!ordered.containsKey(k)) {
                throw new IllegalArgumentException(method.configName() + " has no plan parameter '" + k + "'");
            }
        }
        values = Collections.unmodifiableMap(ordered);
    }

    /** One value in its canonical Java type, so that equal settings are equal records whatever built them. */
    private static Object canonical(Parameter p, Object v, int models) {
        if (p.perModel()) {
            List<?> list = v instanceof List<?> l ? l : Collections.nCopies(models, v);
            if (list.size() != models) {
                throw new IllegalArgumentException(p.name() + ": " + list.size() + " values for " + models + " models");
            }
            return list.stream().map(x -> (Object) ((Number) x).doubleValue()).toList();
        }
        return switch (p.type()) {
            case REAL -> ((Number) v).doubleValue();
            case INTEGER -> ((Number) v).longValue();
            case PERMUTATION -> ((List<?>) v).stream().map(x -> ((Number) x).intValue()).toList();
            case PATTERNS -> ((List<?>) v).stream().map(String::valueOf).toList();
            case BOOLEAN, CHOICE -> v;
        };
    }

    /** Settings with every parameter at its declared default, for {@code models} models. */
    public static MergeSettings defaults(MergeMethod method, int models) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (Parameter p : method.parameters()) if (!p.candidate()) v.put(p.name(), defaultValue(p, models));
        return new MergeSettings(method, models, v);
    }

    /** A parameter's default as a settings value. */
    static Object defaultValue(Parameter p, int models) {
        if (p.type() == Parameter.Type.PERMUTATION) return IntStream.range(0, models).boxed().toList();
        if (p.perModel()) return Collections.nCopies(models, p.fallback());
        return p.fallback();
    }

    /** These settings with one parameter changed (per-model parameters take a list, or one value for all models). */
    public MergeSettings with(String name, Object value) {
        Parameter p = method.parameter(name).filter(x -> !x.candidate())
                .orElseThrow(() -> new IllegalArgumentException(method.configName() + " has no plan parameter '" + name + "'"));
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put(name, value);
        return new MergeSettings(method, models, v);
    }

    public Object value(String name) {
        Object v = values.get(name);
        if (v == null) throw new IllegalArgumentException(method.configName() + " has no parameter '" + name + "'");
        return v;
    }

    public double real(String name) {
        return ((Number) value(name)).doubleValue();
    }

    /** A per-model REAL parameter's values, one per model. */
    @SuppressWarnings("unchecked")
    public List<Double> reals(String name) {
        return (List<Double>) value(name);
    }

    public long integer(String name) {
        return ((Number) value(name)).longValue();
    }

    public String choice(String name) {
        return (String) value(name);
    }

    public boolean flag(String name) {
        return (Boolean) value(name);
    }

    /** The pruning order (methods with an {@code order} parameter). */
    @SuppressWarnings("unchecked")
    public List<Integer> order() {
        return (List<Integer>) value("order");
    }

    /** The {@code exclude} patterns. */
    @SuppressWarnings("unchecked")
    public List<String> exclude() {
        return (List<String>) value("exclude");
    }

    /** Where statistics are computed: the {@code scope} parameter, or the method's fixed scope. */
    public MergeMethod.Scope scope() {
        return values.containsKey("scope") ? MergeMethod.Scope.parse(choice("scope")) : method.fixedScope();
    }

    /**
     * Whether the merged task vector is divided by Σw (TIES-style methods: by the count of agreeing entries);
     * methods without {@code normalize} average when they are averaging methods and never otherwise.
     */
    public boolean normalize() {
        return values.containsKey("normalize") ? flag("normalize") : method.averages() || method.electsSigns();
    }
}
