package io.evomerge.experiment;

import io.evomerge.merge.LayerWeights;
import io.evomerge.merge.MergePlan;
import io.evomerge.merge.MergedTensors;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.MergeWeights;

import java.io.Serializable;

/**
 * One candidate merge, decoded: the discrete settings (which pick a plan) and the weights and λ (which the plan
 * takes); {@code layers}, when the search has layer-group weights, replaces the weights by a gradient per model.
 */
public record Recipe(MergeSettings settings, MergeWeights weights, LayerWeights layers) implements Serializable {
    public Recipe(MergeSettings settings, MergeWeights weights) {
        this(settings, weights, null);
    }

    /** Writes this recipe's merged model into {@code out} from {@code plan} (the plan of {@link #settings}). */
    void applyTo(MergePlan plan, MergedTensors out) {
        if (layers != null) plan.apply(layers, out);
        else plan.apply(weights, out);
    }
}
