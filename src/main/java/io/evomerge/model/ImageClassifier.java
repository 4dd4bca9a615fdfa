package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A CLIP vision tower plus a linear task head on its pooled output (post_layernorm of the class token), as one
 * trainable block: what pre-training and image fine-tuning train. Input NDList: pixel_values [rows, 3, size, size];
 * output: head scores [rows, classes]. The head is a {@link TaskHead} with CLS pooling fed the pooled vector as a
 * one-token sequence, so heads of image and text tasks are written, read and probed alike.
 */
public final class ImageClassifier extends AbstractBlock {
    private final ClipVisionTower tower;
    private final TaskHead head;

    public ImageClassifier(ClipVisionTower tower, TaskHead head) {
        if (head.config().pooling() != Pooling.CLS || head.config().biEncoder()) {
            throw new IllegalArgumentException("an image head pools the class token of one image per row");
        }
        this.tower = addChildBlock("tower", tower);
        this.head = addChildBlock("head", head);
    }

    public ClipVisionTower tower() {
        return tower;
    }

    public TaskHead head() {
        return head;
    }

    /** The pooled vectors [rows, 1, hidden] the head reads (a one-token sequence), with their all-ones mask. */
    static NDList headInputs(NDArray pooled) {
        NDArray sequence = pooled.expandDims(1);
        return new NDList(sequence, sequence.getManager().ones(new Shape(pooled.getShape().get(0), 1)));
    }

    /** Inference: the head's scores [rows, classes] for {@code pooled} [rows, hidden]. */
    public static NDArray scores(TaskHead head, NDArray pooled) {
        NDList in = headInputs(pooled);
        return head.scores(in.get(0), in.get(1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray pooled = tower.forward(ps, inputs, training).get(1);
        return head.forward(ps, headInputs(pooled), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        tower.initialize(manager, dataType, inputShapes);
        int hidden = tower.config().hiddenSize();
        head.initialize(manager, dataType, new Shape(1, 1, hidden), new Shape(1, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), head.config().outputs())};
    }
}
