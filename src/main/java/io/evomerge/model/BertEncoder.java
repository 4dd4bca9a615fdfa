package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A BERT/RoBERTa encoder as a DJL block whose parameters are named exactly like Hugging Face's BertModel
 * (without the pooler). Input NDList: input_ids, attention_mask and optionally token_type_ids, all int64
 * [batch, seq]; output: last hidden states [batch, seq, hidden].
 *
 * <p>Parameters live on the device of the manager given to {@link #initializeParameters(NDManager)}; feed inputs
 * on that device. Parameter access by HF name, loading and in-place writes come from {@link HfBlock}.
 */
public final class BertEncoder extends HfBlock {
    private final BertConfig config;

    public BertEncoder(BertConfig config) {
        this.config = config;
        List<Block> blocks = new ArrayList<>();
        blocks.add(addChildBlock("embeddings", new BertEmbeddings(config)));
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            blocks.add(addChildBlock("layer" + i, new BertLayer(config, i)));
        }
        index(blocks.toArray(Block[]::new));
    }

    @Override
    protected String kind() {
        return "BERT";
    }

    public BertConfig config() {
        return config;
    }

    @Override
    public void initializeParameters(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
    }

    /**
     * Inference forward pass; {@code tokenTypeIds} may be null (all zeros). Intermediates and the result are
     * attached to {@code inputIds}' manager, so run it inside a sub-manager that the caller closes.
     */
    public NDArray lastHiddenState(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds) {
        ParameterStore store = new ParameterStore(inputIds.getManager(), false);
        NDList inputs = tokenTypeIds == null ? new NDList(inputIds, attentionMask)
                : new NDList(inputIds, attentionMask, tokenTypeIds);
        return forward(store, inputs, false).singletonOrThrow();
    }

    /** Mean of the hidden states over unmasked tokens (sentence-transformers mean pooling): [batch, hidden]. */
    public static NDArray meanPool(NDArray lastHiddenState, NDArray attentionMask) {
        NDArray mask = attentionMask.toType(lastHiddenState.getDataType(), false).expandDims(-1);
        NDArray counts = mask.sum(new int[] {1}).clip(1e-9f, Float.MAX_VALUE);
        return lastHiddenState.mul(mask).sum(new int[] {1}).div(counts);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray types = inputs.size() > 2 ? inputs.get(2) : ids.zerosLike();
        NDArray hidden = children.get(0).getValue()
                .forward(ps, new NDList(ids, types, positionIds(ids, config)), training).singletonOrThrow();
        // HF's extended attention mask: 0 where attended, the most negative float where masked.
        NDArray maskBias = mask.toType(hidden.getDataType(), false).neg().add(1f).mul(-Float.MAX_VALUE)
                .reshape(ids.getShape().get(0), 1, 1, ids.getShape().get(1));
        for (int i = 1; i < children.size(); i++) {
            hidden = children.get(i).getValue().forward(ps, new NDList(hidden, maskBias), training).singletonOrThrow();
        }
        return new NDList(hidden);
    }

    /** BERT: 0..seq-1. RoBERTa (as HF create_position_ids_from_input_ids): pad+1.. over non-pad tokens, pad else. */
    static NDArray positionIds(NDArray ids, BertConfig config) {
        long seq = ids.getShape().get(1);
        long needed = config.isRoberta() ? seq + config.padTokenId() + 1 : seq;
        if (needed > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("input length " + seq + " needs " + needed
                    + " positions but max_position_embeddings is " + config.maxPositionEmbeddings()
                    + "; truncate in the tokenizer");
        }
        if (!config.isRoberta()) {
            return ids.getManager().arange(0, (int) seq, 1, DataType.INT64, ids.getDevice())
                    .expandDims(0).broadcast(ids.getShape());
        }
        NDArray notPad = ids.neq(config.padTokenId()).toType(DataType.INT64, false);
        return notPad.cumSum(1).mul(notPad).add(config.padTokenId());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Pair<String, Block> child : children) {
            child.getValue().initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].addAll(new Shape(config.hiddenSize()))};
    }
}
