package io.evomerge.merge;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plan settings whose values may vary over the layers: {@code settings} holds every plan parameter, and
 * {@code gradients} replaces some by a mergekit gradient of layer-group values (a per-model parameter: one list per
 * model; a shared one: a single list), read at the tensor's layer position exactly as a merge config's
 * {@code density: [v1, …, vG]} resolves. Equal records give equal plans: this is the plan cache's key.
 */
public record LayerSettings(MergeSettings settings, Map<String, List<List<Double>>> gradients) implements Serializable {
    public LayerSettings {
        Map<String, List<List<Double>>> copy = new LinkedHashMap<>();
        gradients.forEach((k, v) -> copy.put(k, v.stream().map(List::copyOf).toList()));
        gradients = java.util.Collections.unmodifiableMap(copy);
    }

    /** The same settings for every tensor. */
    public static LayerSettings constant(MergeSettings settings) {
        return new LayerSettings(settings, Map.of());
    }

    public boolean varies() {
        return !gradients.isEmpty();
    }

    /** Each merged tensor's settings, in a model of {@code names}'s layers; equal positions share one record. */
    public java.util.function.Function<String, MergeSettings> perTensor(Collection<String> names) {
        if (!varies()) return name -> settings;
        int layers = LayerNames.count(names);
        Map<Double, MergeSettings> byT = new HashMap<>();
        return name -> byT.computeIfAbsent(LayerWeights.position(name, layers), this::at);
    }

    /** The settings at layer position {@code t}. */
    MergeSettings at(double t) {
        MergeSettings s = settings;
        for (var e : gradients.entrySet()) {
            List<Double> values = e.getValue().stream().map(v -> value(v, t)).toList();
            boolean perModel = settings.method().parameter(e.getKey()).orElseThrow().perModel();
            s = s.with(e.getKey(), perModel ? values : values.getFirst());
        }
        return s;
    }

    private static double value(List<Double> v, double t) {
        return v.size() == 1 ? v.getFirst() : new Setting.Gradient(v).at("", t);
    }
}
