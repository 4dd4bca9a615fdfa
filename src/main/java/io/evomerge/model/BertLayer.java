package io.evomerge.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
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
        Device d = x.getDevice();
        long batch = x.getShape().get(0);
        long seq = x.getShape().get(1);
        int heads = config.numAttentionHeads();
        int headSize = config.headSize();

        NDArray q = heads(linear(ps, x, queryW, queryB, d, training), batch, seq);
        NDArray k = heads(linear(ps, x, keyW, keyB, d, training), batch, seq);
        NDArray v = heads(linear(ps, x, valueW, valueB, d, training), batch, seq);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(NativeScalar.of(q, (float) Math.sqrt(headSize)))
                .add(maskBias);
        NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3)
                .reshape(batch, seq, (long) heads * headSize);
        NDArray attention = norm(ps, linear(ps, context, attnOutW, attnOutB, d, training).add(x),
                attnGamma, attnBeta, d, training);

        NDArray intermediate = gelu(linear(ps, attention, interW, interB, d, training));
        NDArray output = norm(ps, linear(ps, intermediate, outW, outB, d, training).add(attention),
                outGamma, outBeta, d, training);
        return new NDList(output);
    }

    /** [batch, seq, hidden] to [batch, heads, seq, headSize]. */
    private NDArray heads(NDArray x, long batch, long seq) {
        return x.reshape(batch, seq, config.numAttentionHeads(), config.headSize()).transpose(0, 2, 1, 3);
    }

    /**
     * Exact (erf) GELU as HF's "gelu", not the tanh approximation: PyTorch's fused kernel, one pass over the
     * largest activation instead of the five that x/2 * (1 + erf(x/sqrt 2)) spelled out in NDArray ops costs.
     */
    private static NDArray gelu(NDArray x) {
        return Activation.gelu(x);
    }

    private static NDArray linear(ParameterStore ps, NDArray x, Parameter w, Parameter b, Device d, boolean training) {
        return Linear.linear(x, ps.getValue(w, d, training), ps.getValue(b, d, training)).singletonOrThrow();
    }

    private NDArray norm(ParameterStore ps, NDArray x, Parameter gamma, Parameter beta, Device d, boolean training) {
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), ps.getValue(gamma, d, training),
                ps.getValue(beta, d, training), (float) config.layerNormEps()).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
