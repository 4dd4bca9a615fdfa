package io.evomerge.experiment;

import java.util.List;

/**
 * What a search varies, each optional: per-model weights in [lo, hi], λ, PCB's ratio, the TIES/DARE density
 * (one for all models, or one per model), CABS's n:m pattern from a list, and CABS's pruning order (every
 * permutation of the models). Continuous mask settings are snapped to {@code snap} so that nearby proposals share
 * one merge plan.
 */
public record Genes(double[] weights, double[] lambda, double[] ratio, double[] density, boolean densityPerModel,
                    List<String> nm, boolean order, double snap) {
    public Genes {
        nm = nm == null ? null : List.copyOf(nm);
    }

    boolean isEmpty() {
        return weights == null && lambda == null && ratio == null && density == null && nm == null && !order;
    }
}
