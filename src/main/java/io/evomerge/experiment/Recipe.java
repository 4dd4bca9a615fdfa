package io.evomerge.experiment;

import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.MergeWeights;

/** One candidate merge, decoded: the discrete settings (which pick a plan) and the weights and λ (which the plan takes). */
public record Recipe(MergeSettings settings, MergeWeights weights) {
}
