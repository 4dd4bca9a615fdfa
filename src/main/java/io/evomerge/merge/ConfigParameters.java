package io.evomerge.merge;

import io.evomerge.EvomergeException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config's parameter values at every level where mergekit accepts them: per model (a slice source), per slice, and
 * global. Numeric values are {@link Setting}s (scalars, gradients, filters); the others are plain values. A value
 * resolves for a tensor by mergekit's rule: the model's own, then the slice's, then the global one, then the
 * declared default; a filter list that matches nothing falls through to the next level.
 *
 * @param perModel {@code perModel.get(slice).get(model)}: that model's own parameters in that slice
 */
record ConfigParameters(Path file, MergeMethod method, int models, Map<String, Object> global,
                        List<Map<String, Object>> perSlice, List<List<Map<String, Object>>> perModel) {

    ConfigParameters {
        global = Map.copyOf(global);
        perSlice = List.copyOf(perSlice);
        perModel = perModel.stream().map(List::copyOf).toList();
    }

    /** The settings and weights of one tensor in slice {@code slice} at layer position {@code t}. */
    Resolved resolve(String tensor, int slice, double t) {
        Map<String, Object> values = new LinkedHashMap<>();
        double[] weights = new double[models];
        java.util.Arrays.fill(weights, 1.0);
        double lambda = 1.0;
        for (Parameter p : method.parameters()) {
            if (p.perModel()) {
                List<Object> each = new ArrayList<>();
                for (int i = 0; i < models; i++) {
                    Object v = first(p, tensor, t, perModel.get(slice).get(i), perSlice.get(slice), global);
                    each.add(v != null ? v : p.fallback());
                }
                if (p.candidate()) {
                    for (int i = 0; i < models; i++) weights[i] = ((Number) each.get(i)).doubleValue();
                } else {
                    values.put(p.name(), each);
                }
            } else {
                Object v = first(p, tensor, t, perSlice.get(slice), global);
                if (v == null) v = MergeSettings.defaultValue(p, models);
                if (p.candidate()) lambda = ((Number) v).doubleValue();
                else values.put(p.name(), v);
            }
        }
        MergeSettings settings = new MergeSettings(method, models, values);
        return new Resolved(settings, new MergeWeights(weights, lambda));
    }

    @SafeVarargs
    private static Object first(Parameter p, String tensor, double t, Map<String, Object>... levels) {
        for (Map<String, Object> level : levels) {
            Object v = level.get(p.name());
            if (v instanceof Setting s) v = s.at(tensor, t);
            if (v != null) return v;
        }
        return null;
    }

    /**
     * Whether a plan-shaping value can differ between tensors: a gradient or filter, or a value set per slice or per
     * slice source when there are several slices.
     */
    boolean planVaries() {
        for (Parameter p : method.parameters()) {
            if (p.candidate()) continue;
            if (!constant(global.get(p.name()))) return true;
            for (Map<String, Object> s : perSlice) if (!constant(s.get(p.name()))) return true;
            for (List<Map<String, Object>> slice : perModel) {
                for (Map<String, Object> m : slice) if (!constant(m.get(p.name()))) return true;
            }
            if (perSlice.size() > 1) {
                for (int s = 1; s < perSlice.size(); s++) {
                    if (!java.util.Objects.equals(perSlice.get(s).get(p.name()), perSlice.getFirst().get(p.name()))
                            || !perModel.get(s).equals(perModel.getFirst())) return true;
                }
            }
        }
        return false;
    }

    /** Whether any value (weights included) can differ between tensors. */
    boolean varies() {
        if (planVaries() || perSlice.size() > 1) return true;
        for (Object v : global.values()) if (!constant(v)) return true;
        for (Object v : perSlice.getFirst().values()) if (!constant(v)) return true;
        for (Map<String, Object> m : perModel.getFirst()) for (Object v : m.values()) if (!constant(v)) return true;
        return false;
    }

    private static boolean constant(Object v) {
        return !(v instanceof Setting s) || s.constant();
    }

    /** One tensor's resolved settings and weights. */
    record Resolved(MergeSettings settings, MergeWeights weights) {
    }

    /** Checks resolved settings against the declarations, naming this config's file. */
    void validate(MergeSettings s) {
        try {
            MergeSettingsCheck.validate(s, models, "parameters");
        } catch (EvomergeException e) {
            throw new EvomergeException(file + ": " + e.getMessage());
        }
    }
}
