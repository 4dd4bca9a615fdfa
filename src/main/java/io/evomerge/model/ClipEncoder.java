package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * HF's CLIPEncoder, the layer stack both CLIP towers share: {@code numHiddenLayers} {@link ClipLayer}s named
 * {@code <tower>encoder.layers.N.}. Input: hidden states [batch, seq, hidden] and optionally the additive attention
 * mask [batch, 1, seq, seq] (the text tower's causal and padding mask; the vision tower has none). Output: the last
 * layer's hidden states.
 */
final class ClipEncoder extends AbstractBlock {
    private final List<Block> layers = new ArrayList<>();

    /** {@code towerPrefix}: "vision_model." or "text_model.". */
    ClipEncoder(String towerPrefix, int hidden, int intermediate, int layerCount, int heads, double eps,
                HiddenAct act) {
        for (int i = 0; i < layerCount; i++) {
            layers.add(addChildBlock("layer" + i, new ClipLayer(towerPrefix + "encoder.layers." + i + ".", hidden,
                    intermediate, heads, eps, act)));
        }
    }

    /** The layers in order, for indexing their parameters by HF name. */
    Block[] layers() {
        return layers.toArray(Block[]::new);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray maskBias = inputs.size() > 1 ? inputs.get(1) : null;
        for (Block layer : layers) {
            NDList in = maskBias == null ? new NDList(x) : new NDList(x, maskBias);
            x = layer.forward(ps, in, training).singletonOrThrow();
        }
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block layer : layers) {
            layer.initialize(manager, dataType, inputShapes[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
