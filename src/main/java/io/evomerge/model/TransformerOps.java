package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;

/**
 * The pieces every transformer layer here shares (BERT's post-LN and CLIP's pre-LN layers): a linear layer and a
 * LayerNorm over HF-named parameters, and multi-head scaled dot-product attention.
 */
final class TransformerOps {
    private TransformerOps() {
    }

    /** {@code x · wᵀ + b} with the parameters fetched on {@code x}'s device. */
    static NDArray linear(ParameterStore ps, NDArray x, Parameter w, Parameter b, boolean training) {
        return Linear.linear(x, ps.getValue(w, x.getDevice(), training), ps.getValue(b, x.getDevice(), training))
                .singletonOrThrow();
    }

    /** LayerNorm over the last axis. */
    static NDArray layerNorm(ParameterStore ps, NDArray x, Parameter gamma, Parameter beta, double eps,
                             boolean training) {
        return LayerNorm.layerNorm(x, new Shape(x.getShape().getLastDimension()), ps.getValue(gamma, x.getDevice(), training),
                ps.getValue(beta, x.getDevice(), training), (float) eps).singletonOrThrow();
    }

    /**
     * softmax(q·kᵀ/√d + maskBias)·v per head: q, k, v [batch, seq, heads·d] (already projected), {@code maskBias}
     * additive and broadcastable to [batch, heads, seq, seq] (null: no mask); returns the context
     * [batch, seq, heads·d].
     */
    static NDArray attention(NDArray q, NDArray k, NDArray v, NDArray maskBias, int heads) {
        long batch = q.getShape().get(0);
        long seq = q.getShape().get(1);
        long width = q.getShape().get(2);
        long headSize = width / heads;
        NDArray scores = split(q, heads).matMul(split(k, heads).transpose(0, 1, 3, 2))
                .div(NativeScalar.of(q, (float) Math.sqrt(headSize)));
        if (maskBias != null) {
            scores = scores.add(maskBias);
        }
        return scores.softmax(-1).matMul(split(v, heads)).transpose(0, 2, 1, 3).reshape(batch, seq, width);
    }

    /** [batch, seq, heads·d] to [batch, heads, seq, d]. */
    private static NDArray split(NDArray x, int heads) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, s.get(2) / heads).transpose(0, 2, 1, 3);
    }
}
