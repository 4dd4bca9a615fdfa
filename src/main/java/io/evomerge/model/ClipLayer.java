package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * HF CLIPEncoderLayer (pre-LayerNorm): x + attention(layer_norm1(x)), then x + fc2(act(fc1(layer_norm2(x)))).
 * Input: hidden states [batch, seq, hidden] and optionally the additive mask [batch, 1, seq, seq].
 */
final class ClipLayer extends AbstractBlock {
    private final int heads;
    private final double eps;
    private final HiddenAct act;
    private final Parameter kW;
    private final Parameter kB;
    private final Parameter vW;
    private final Parameter vB;
    private final Parameter qW;
    private final Parameter qB;
    private final Parameter outW;
    private final Parameter outB;
    private final Parameter norm1Gamma;
    private final Parameter norm1Beta;
    private final Parameter fc1W;
    private final Parameter fc1B;
    private final Parameter fc2W;
    private final Parameter fc2B;
    private final Parameter norm2Gamma;
    private final Parameter norm2Beta;

    /** {@code prefix}: e.g. "vision_model.encoder.layers.3."; parameters are added in HF state-dict order. */
    ClipLayer(String prefix, int hidden, int intermediate, int heads, double eps, HiddenAct act) {
        this.heads = heads;
        this.eps = eps;
        this.act = act;
        String a = prefix + "self_attn.";
        kW = addParameter(HfParameters.weight(a + "k_proj.weight", hidden, hidden));
        kB = addParameter(HfParameters.bias(a + "k_proj.bias", hidden));
        vW = addParameter(HfParameters.weight(a + "v_proj.weight", hidden, hidden));
        vB = addParameter(HfParameters.bias(a + "v_proj.bias", hidden));
        qW = addParameter(HfParameters.weight(a + "q_proj.weight", hidden, hidden));
        qB = addParameter(HfParameters.bias(a + "q_proj.bias", hidden));
        outW = addParameter(HfParameters.weight(a + "out_proj.weight", hidden, hidden));
        outB = addParameter(HfParameters.bias(a + "out_proj.bias", hidden));
        norm1Gamma = addParameter(HfParameters.layerNormGamma(prefix + "layer_norm1.weight", hidden));
        norm1Beta = addParameter(HfParameters.layerNormBeta(prefix + "layer_norm1.bias", hidden));
        fc1W = addParameter(HfParameters.weight(prefix + "mlp.fc1.weight", intermediate, hidden));
        fc1B = addParameter(HfParameters.bias(prefix + "mlp.fc1.bias", intermediate));
        fc2W = addParameter(HfParameters.weight(prefix + "mlp.fc2.weight", hidden, intermediate));
        fc2B = addParameter(HfParameters.bias(prefix + "mlp.fc2.bias", hidden));
        norm2Gamma = addParameter(HfParameters.layerNormGamma(prefix + "layer_norm2.weight", hidden));
        norm2Beta = addParameter(HfParameters.layerNormBeta(prefix + "layer_norm2.bias", hidden));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray maskBias = inputs.size() > 1 ? inputs.get(1) : null;
        NDArray h = TransformerOps.layerNorm(ps, x, norm1Gamma, norm1Beta, eps, training);
        NDArray context = TransformerOps.attention(TransformerOps.linear(ps, h, qW, qB, training),
                TransformerOps.linear(ps, h, kW, kB, training), TransformerOps.linear(ps, h, vW, vB, training),
                maskBias, heads);
        x = x.add(TransformerOps.linear(ps, context, outW, outB, training));
        h = TransformerOps.layerNorm(ps, x, norm2Gamma, norm2Beta, eps, training);
        h = act.apply(TransformerOps.linear(ps, h, fc1W, fc1B, training));
        return new NDList(x.add(TransformerOps.linear(ps, h, fc2W, fc2B, training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
