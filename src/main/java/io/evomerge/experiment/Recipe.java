package io.evomerge.experiment;

import io.evomerge.merge.LayerWeights;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.MergeWeights;

/**
 * One candidate merge, decoded: the discrete settings (which pick a plan) and the weights and λ (which the plan
 * takes); {@code layers}, when the search has layer-group weights, replaces the weights by a gradient per model.
 */
public record Recipe(MergeSettings settings, MergeWeights weights, LayerWeights layers) {
    public Recipe(MergeSettings settings, MergeWeights weights) {
        this(settings, weights, null);
    }
}
