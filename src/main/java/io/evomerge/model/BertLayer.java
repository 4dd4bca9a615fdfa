package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * HF BertLayer (post-LayerNorm): self-attention, output projection + residual + LayerNorm, GELU feed-forward +
 * residual + LayerNorm. Input: hidden states [batch, seq, hidden] and the additive mask [batch, 1, 1, seq].
 */
final class BertLayer extends AbstractBlock {

    private final BertConfig config;
    private final Parameter queryW;
    private final Parameter queryB;
    private final Parameter keyW;
    private final Parameter keyB;
    private final Parameter valueW;
    private final Parameter valueB;
    private final Parameter attnOutW;
    private final Parameter attnOutB;
    private final Parameter attnGamma;
    private final Parameter attnBeta;
    private final Parameter interW;
    private final Parameter interB;
    private final Parameter outW;
    private final Parameter outB;
    private final Parameter outGamma;
    private final Parameter outBeta;

    BertLayer(BertConfig config, int index) {
        this.config = config;
        String p = "encoder.layer." + index + ".";
        int h = config.hiddenSize();
        int i = config.intermediateSize();
        queryW = addParameter(HfParameters.weight(p + "attention.self.query.weight", h, h));
        queryB = addParameter(HfParameters.bias(p + "attention.self.query.bias", h));
        keyW = addParameter(HfParameters.weight(p + "attention.self.key.weight", h, h));
        keyB = addParameter(HfParameters.bias(p + "attention.self.key.bias", h));
        valueW = addParameter(HfParameters.weight(p + "attention.self.value.weight", h, h));
        valueB = addParameter(HfParameters.bias(p + "attention.self.value.bias", h));
        attnOutW = addParameter(HfParameters.weight(p + "attention.output.dense.weight", h, h));
        attnOutB = addParameter(HfParameters.bias(p + "attention.output.dense.bias", h));
        attnGamma = addParameter(HfParameters.layerNormGamma(p + "attention.output.LayerNorm.weight", h));
        attnBeta = addParameter(HfParameters.layerNormBeta(p + "attention.output.LayerNorm.bias", h));
        interW = addParameter(HfParameters.weight(p + "intermediate.dense.weight", i, h));
        interB = addParameter(HfParameters.bias(p + "intermediate.dense.bias", i));
        outW = addParameter(HfParameters.weight(p + "output.dense.weight", h, i));
        outB = addParameter(HfParameters.bias(p + "output.dense.bias", h));
        outGamma = addParameter(HfParameters.layerNormGamma(p + "output.LayerNorm.weight", h));
        outBeta = addParameter(HfParameters.layerNormBeta(p + "output.LayerNorm.bias", h));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray maskBias = inputs.get(1);
        NDArray context = TransformerOps.attention(linear(ps, x, queryW, queryB, training),
                linear(ps, x, keyW, keyB, training), linear(ps, x, valueW, valueB, training), maskBias,
                config.numAttentionHeads());
        NDArray attention = norm(ps, linear(ps, context, attnOutW, attnOutB, training).add(x),
                attnGamma, attnBeta, training);
        NDArray intermediate = HiddenAct.GELU.apply(linear(ps, attention, interW, interB, training));
        NDArray output = norm(ps, linear(ps, intermediate, outW, outB, training).add(attention),
                outGamma, outBeta, training);
        return new NDList(output);
    }

    private static NDArray linear(ParameterStore ps, NDArray x, Parameter w, Parameter b, boolean training) {
        return TransformerOps.linear(ps, x, w, b, training);
    }

    private NDArray norm(ParameterStore ps, NDArray x, Parameter gamma, Parameter beta, boolean training) {
        return TransformerOps.layerNorm(ps, x, gamma, beta, config.layerNormEps(), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
