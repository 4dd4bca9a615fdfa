package io.evomerge.model;

import ai.djl.ndarray.NDArray;

/**
 * A classification head on a tower's embeddings that is built, not trained: fine-tuning never updates it and merging
 * never touches it (the paper's frozen heads). Kinds are declared in {@link HeadKind}.
 */
public interface FrozenHead {
    /** Rows of the head, one per class in the task's label order. */
    int classes();

    /** Width of the embeddings it reads (the tower's projection_dim). */
    int dim();

    /** Logits [batch, classes] of embeddings [batch, dim], on their manager. */
    NDArray logits(NDArray embeds);
}
