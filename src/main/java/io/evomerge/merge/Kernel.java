package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/**
 * The maths of one merge method, split where the authors' formulas split: {@link #prepare} computes the statistics a
 * method needs over a whole row (quantiles over one tensor, or over the whole model) by streaming passes; {@link #plan}
 * then turns one tensor's task vectors into each model's contribution, which does not depend on the per-model weights.
 *
 * @param <S> the row statistics
 */
interface Kernel<S> {
    S prepare(TaskSource source, List<TensorInfo> row);

    /** {@code tau[i]} holds model i's whole task vector for tensor {@code t}; the plan may keep or modify these arrays. */
    TensorPlan plan(S stats, TensorInfo t, float[][] tau);

    /** As {@link #plan(Object, TensorInfo, float[][])}, for kernels that also need the base θ0 (slerp, nuslerp). */
    default TensorPlan plan(S stats, TensorInfo t, float[] base, float[][] tau) {
        return plan(stats, t, tau);
    }
}
