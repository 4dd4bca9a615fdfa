package io.evomerge.experiment;

import io.evomerge.merge.LayerSettings;
import io.evomerge.merge.LayerWeights;
import io.evomerge.merge.MergePlan;
import io.evomerge.merge.MergedTensors;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.MergeWeights;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One candidate merge, decoded: the discrete settings (which pick a plan) and the weights and λ (which the plan
 * takes); {@code layers}, when the search has layer-group weights, replaces the weights by a gradient per model;
 * {@code planLayers}, when it has layer-group plan parameters (densities, ratio), replaces those settings by
 * gradients (parameter → one list per model, or one list for a shared parameter).
 */
public record Recipe(MergeSettings settings, MergeWeights weights, LayerWeights layers,
                     Map<String, List<List<Double>>> planLayers) implements Serializable {
    public Recipe {
        planLayers = new LayerSettings(settings, planLayers).gradients();
    }

    public Recipe(MergeSettings settings, MergeWeights weights, LayerWeights layers) {
        this(settings, weights, layers, Map.of());
    }

    public Recipe(MergeSettings settings, MergeWeights weights) {
        this(settings, weights, null);
    }

    /** What picks this recipe's plan: the settings with their layer gradients (the plan cache's key). */
    LayerSettings plan() {
        return new LayerSettings(settings, planLayers);
    }

    /** Writes this recipe's merged model into {@code out} from {@code plan} (the plan of {@link #plan()}). */
    void applyTo(MergePlan plan, MergedTensors out) {
        if (layers != null) plan.apply(layers, out);
        else plan.apply(weights, out);
    }
}
