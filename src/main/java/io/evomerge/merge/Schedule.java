package io.evomerge.merge;

/**
 * What a merge applies to each tensor: its plan settings and its weights. A config's gradients and filters make
 * these differ between tensors ({@link ConfigSchedule}); a search candidate's are the same for all.
 */
public interface Schedule {
    MergeSettings settings(String tensor);

    MergeWeights weights(String tensor);

    /** The same settings and weights for every tensor. */
    static Schedule constant(MergeSettings settings, MergeWeights weights) {
        return new Schedule() {
            @Override
            public MergeSettings settings(String tensor) {
                return settings;
            }

            @Override
            public MergeWeights weights(String tensor) {
                return weights;
            }
        };
    }
}
