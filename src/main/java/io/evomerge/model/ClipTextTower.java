package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * HF's CLIP text tower (CLIPTextTransformer, plus {@code text_projection} when the model has one) as a DJL block with
 * HF parameter names. Input: input_ids [batch, seq] int64 and optionally attention_mask [batch, seq] (1 on real
 * tokens; absent: all real). Tokens see themselves and earlier tokens only (the causal mask), and no padding.
 * Output: last_hidden_state [batch, seq, hidden] (after final_layer_norm), pooler_output [batch, hidden] (the hidden
 * state at each row's end-of-text token, by {@link ClipTextConfig#poolsAtArgmax HF's rule}) and, with a projection,
 * text_embeds [batch, projection] (the pooler output times text_projection, no bias).
 */
public final class ClipTextTower extends HfBlock {
    static final String PREFIX = "text_model.";
    public static final String PROJECTION = "text_projection.weight";

    private final ClipTextConfig config;
    private final boolean projection;
    private final Parameter tokenEmbedding;
    private final Parameter positionEmbedding;
    private final Parameter finalGamma;
    private final Parameter finalBeta;
    private final Parameter textProjection;
    private final ClipEncoder encoder;

    public ClipTextTower(ClipTextConfig config, boolean projection) {
        this.config = config;
        this.projection = projection;
        int h = config.hiddenSize();
        String e = PREFIX + "embeddings.";
        tokenEmbedding = addParameter(HfParameters.weight(e + "token_embedding.weight", config.vocabSize(), h));
        positionEmbedding = addParameter(HfParameters.weight(e + "position_embedding.weight",
                config.maxPositionEmbeddings(), h));
        finalGamma = addParameter(HfParameters.layerNormGamma(PREFIX + "final_layer_norm.weight", h));
        finalBeta = addParameter(HfParameters.layerNormBeta(PREFIX + "final_layer_norm.bias", h));
        textProjection = projection ? addParameter(HfParameters.weight(PROJECTION, config.projectionDim(), h)) : null;
        encoder = addChildBlock("encoder", new ClipEncoder(PREFIX, h, config.intermediateSize(),
                config.numHiddenLayers(), config.numAttentionHeads(), config.layerNormEps(), config.hiddenAct()));
        index(this);
        index(encoder.layers());
    }

    @Override
    protected String kind() {
        return "CLIP text";
    }

    public ClipTextConfig config() {
        return config;
    }

    public boolean hasProjection() {
        return projection;
    }

    @Override
    public void initializeParameters(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
    }

    /** Inference: last_hidden_state, pooler_output and (with a projection) text_embeds; mask may be null. */
    public NDList run(NDArray inputIds, NDArray attentionMask) {
        NDList inputs = attentionMask == null ? new NDList(inputIds) : new NDList(inputIds, attentionMask);
        return forward(new ParameterStore(inputIds.getManager(), false), inputs, false);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        long batch = ids.getShape().get(0);
        long seq = ids.getShape().get(1);
        if (seq > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("input length " + seq + " exceeds max_position_embeddings "
                    + config.maxPositionEmbeddings() + "; truncate in the tokenizer");
        }
        var device = ids.getDevice();
        NDManager m = ids.getManager();
        NDArray positions = m.arange(0, (int) seq, 1, DataType.INT64, device);
        NDArray x = Embedding.embedding(ids, ps.getValue(tokenEmbedding, device, training), SparseFormat.DENSE)
                .singletonOrThrow()
                .add(Embedding.embedding(positions, ps.getValue(positionEmbedding, device, training),
                        SparseFormat.DENSE).singletonOrThrow().expandDims(0));
        NDArray maskBias = maskBias(positions, inputs.size() > 1 ? inputs.get(1) : null, batch, x.getDataType());
        x = encoder.forward(ps, new NDList(x, maskBias), training).singletonOrThrow();
        x = TransformerOps.layerNorm(ps, x, finalGamma, finalBeta, config.layerNormEps(), training);
        // The pooled row as a one-hot product: exact (one term times 1, the rest times 0) and differentiable.
        NDArray pooledAt = config.poolsAtArgmax() ? ids.argMax(1)
                : ids.eq(config.eosTokenId()).toType(DataType.INT32, false).argMax(1);
        NDArray pooled = pooledAt.oneHot((int) seq).toType(x.getDataType(), false).expandDims(1).matMul(x)
                .squeeze(1);
        NDList out = new NDList(x, pooled);
        if (projection) {
            out.add(pooled.matMul(ps.getValue(textProjection, device, training).transpose()));
        }
        return out;
    }

    /**
     * 0 where query i may attend key j (j ≤ i and key j is a real token), the most negative float elsewhere:
     * [batch, 1, seq, seq]. Position 0 is always real, so no row is fully masked.
     */
    private static NDArray maskBias(NDArray positions, NDArray attentionMask, long batch, DataType type) {
        long seq = positions.getShape().get(0);
        NDArray allowed = positions.expandDims(1).gte(positions.expandDims(0)).toType(type, false)
                .reshape(1, 1, seq, seq);
        if (attentionMask != null) {
            allowed = allowed.mul(attentionMask.toType(type, false).reshape(batch, 1, 1, seq));
        }
        return allowed.neg().add(1f).mul(-Float.MAX_VALUE);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[0].addAll(new Shape(config.hiddenSize())));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape last = inputShapes[0].addAll(new Shape(config.hiddenSize()));
        Shape pooled = new Shape(batch, config.hiddenSize());
        return projection ? new Shape[] {last, pooled, new Shape(batch, config.projectionDim())}
                : new Shape[] {last, pooled};
    }
}
