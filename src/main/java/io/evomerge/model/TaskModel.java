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
 * Encoder plus task head as one trainable block (what fine-tuning trains end to end). Input NDList: input_ids,
 * attention_mask, token_type_ids [rows, seq]; for a bi-encoder head, those three for the first sentences, then
 * three for the second sentences (same example order, each padded to its own length). Output: head scores
 * [rows, outputs].
 */
public final class TaskModel extends AbstractBlock {
    private final BertEncoder encoder;
    private final TaskHead head;

    public TaskModel(BertEncoder encoder, TaskHead head) {
        this.encoder = addChildBlock("encoder", encoder);
        this.head = addChildBlock("head", head);
    }

    public BertEncoder encoder() {
        return encoder;
    }

    public TaskHead head() {
        return head;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList headInputs = new NDList();
        for (int i = 0; i < inputs.size(); i += 3) {
            NDList part = new NDList(inputs.get(i), inputs.get(i + 1), inputs.get(i + 2));
            headInputs.add(encoder.forward(ps, part, training).singletonOrThrow());
            headInputs.add(inputs.get(i + 1));
        }
        return head.forward(ps, headInputs, training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        Shape ids = inputShapes[0];
        head.initialize(manager, dataType, ids.addAll(new Shape(encoder.config().hiddenSize())), ids);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), head.config().outputs())};
    }
}
