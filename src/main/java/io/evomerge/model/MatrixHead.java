package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.TensorInfo;
import java.util.Arrays;

/**
 * A [classes, dim] head matrix read from a safetensors file, as the task-vectors and PCB code ship theirs
 * (ClassificationHead with normalize=True: the zero-shot weights with exp(logit_scale) folded in). Logits are the
 * unit-length embeddings times the matrix transposed, no bias.
 */
public final class MatrixHead implements FrozenHead {
    private final float[] weights;
    private final int classes;
    private final int dim;

    MatrixHead(float[] weights, int classes, int dim) {
        this.weights = weights;
        this.classes = classes;
        this.dim = dim;
    }

    /**
     * Reads {@code spec}'s tensor and checks it is [classes, dim]: the task's class count and the width of the
     * embeddings the head reads. Errors name the task file's key, the safetensors file and the fix.
     */
    static MatrixHead read(HeadSpec spec, int classes, int dim) {
        try (Checkpoint file = Checkpoints.open(spec.file())) {
            if (!file.contains(spec.name())) {
                throw spec.error("tensor", "'" + spec.name() + "' is not in " + spec.file() + " (it holds "
                        + file.tensors().stream().map(TensorInfo::name).limit(8).toList()
                        + "); give the name of the [classes, dim] head matrix");
            }
            long[] shape = file.tensor(spec.name()).shape();
            if (shape.length != 2 || shape[0] != classes || shape[1] != dim) {
                throw spec.error("tensor", "'" + spec.name() + "' in " + spec.file() + " has shape "
                        + Arrays.toString(shape) + " but the task has " + classes + " classes and the model's "
                        + "projection_dim is " + dim + "; export the head of this model for this task ([" + classes
                        + ", " + dim + "])");
            }
            return new MatrixHead(file.floats(spec.name()), classes, dim);
        }
    }

    /** [classes, dim] row-major. */
    public float[] weights() {
        return weights.clone();
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public NDArray logits(NDArray embeds) {
        NDArray rows = embeds.getManager().create(weights, new Shape(classes, dim));
        return embeds.div(embeds.norm(new int[] {-1}, true)).matMul(rows.transpose());
    }
}
