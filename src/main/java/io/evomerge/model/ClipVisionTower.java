package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * HF's CLIP vision tower (CLIPVisionTransformer, plus {@code visual_projection} when the model has one) as a DJL
 * block with HF parameter names. Input: pixel_values [batch, channels, image, image] (already normalised). Output:
 * last_hidden_state [batch, 1 + patches, hidden] (the encoder's output, before post_layernorm), pooler_output
 * [batch, hidden] (post_layernorm of the class token) and, with a projection, image_embeds [batch, projection]
 * (the pooler output times visual_projection, no bias).
 */
public final class ClipVisionTower extends HfBlock {
    static final String PREFIX = "vision_model.";
    public static final String PROJECTION = "visual_projection.weight";

    private final ClipVisionConfig config;
    private final boolean projection;
    private final Parameter classEmbedding;
    private final Parameter patchEmbedding;
    private final Parameter positionEmbedding;
    private final Parameter preGamma;
    private final Parameter preBeta;
    private final Parameter postGamma;
    private final Parameter postBeta;
    private final Parameter visualProjection;
    private final ClipEncoder encoder;

    public ClipVisionTower(ClipVisionConfig config, boolean projection) {
        this.config = config;
        this.projection = projection;
        int h = config.hiddenSize();
        int p = config.patchSize();
        String e = PREFIX + "embeddings.";
        classEmbedding = addParameter(HfParameters.weight(e + "class_embedding", h));
        patchEmbedding = addParameter(HfParameters.weight(e + "patch_embedding.weight", h, config.numChannels(), p, p));
        positionEmbedding = addParameter(HfParameters.weight(e + "position_embedding.weight", config.positions(), h));
        // "pre_layrnorm" is HF's spelling.
        preGamma = addParameter(HfParameters.layerNormGamma(PREFIX + "pre_layrnorm.weight", h));
        preBeta = addParameter(HfParameters.layerNormBeta(PREFIX + "pre_layrnorm.bias", h));
        postGamma = addParameter(HfParameters.layerNormGamma(PREFIX + "post_layernorm.weight", h));
        postBeta = addParameter(HfParameters.layerNormBeta(PREFIX + "post_layernorm.bias", h));
        visualProjection = projection ? addParameter(HfParameters.weight(PROJECTION, config.projectionDim(), h)) : null;
        encoder = addChildBlock("encoder", new ClipEncoder(PREFIX, h, config.intermediateSize(),
                config.numHiddenLayers(), config.numAttentionHeads(), config.layerNormEps(), config.hiddenAct()));
        index(this);
        index(encoder.layers());
    }

    @Override
    protected String kind() {
        return "CLIP vision";
    }

    public ClipVisionConfig config() {
        return config;
    }

    public boolean hasProjection() {
        return projection;
    }

    @Override
    public void initializeParameters(NDManager manager) {
        int s = config.imageSize();
        initialize(manager, DataType.FLOAT32, new Shape(1, config.numChannels(), s, s));
    }

    /** Inference: last_hidden_state, pooler_output and (with a projection) image_embeds, on pixels' manager. */
    public NDList run(NDArray pixelValues) {
        return forward(new ParameterStore(pixelValues.getManager(), false), new NDList(pixelValues), false);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray pixels = inputs.singletonOrThrow();
        Shape s = pixels.getShape();
        int c = config.numChannels();
        int size = config.imageSize();
        if (s.dimension() != 4 || s.get(1) != c || s.get(2) != size || s.get(3) != size) {
            throw new IllegalArgumentException("pixel_values has shape " + s + " but the model takes [batch, " + c
                    + ", " + size + ", " + size + "]");
        }
        long batch = s.get(0);
        int g = config.gridSize();
        int p = config.patchSize();
        int h = config.hiddenSize();
        var device = pixels.getDevice();
        // The stride-p convolution of HF's patch_embedding, as one matrix product over flattened patches
        // (row-major over the grid, as HF flattens the convolution's output).
        NDArray patches = pixels.reshape(batch, c, g, p, g, p).transpose(0, 2, 4, 1, 3, 5)
                .reshape(batch, (long) g * g, (long) c * p * p);
        NDArray kernel = ps.getValue(patchEmbedding, device, training).reshape(h, (long) c * p * p);
        NDArray embedded = patches.matMul(kernel.transpose());
        NDArray cls = ps.getValue(classEmbedding, device, training).reshape(1, 1, h).broadcast(batch, 1, h);
        NDArray x = NDArrays.concat(new NDList(cls, embedded), 1)
                .add(ps.getValue(positionEmbedding, device, training).expandDims(0));
        x = TransformerOps.layerNorm(ps, x, preGamma, preBeta, config.layerNormEps(), training);
        x = encoder.forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray pooled = TransformerOps.layerNorm(ps, x.get(new NDIndex(":, 0, :")), postGamma, postBeta,
                config.layerNormEps(), training);
        NDList out = new NDList(x, pooled);
        if (projection) {
            out.add(pooled.matMul(ps.getValue(visualProjection, device, training).transpose()));
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType,
                new Shape(inputShapes[0].get(0), config.positions(), config.hiddenSize()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape last = new Shape(batch, config.positions(), config.hiddenSize());
        Shape pooled = new Shape(batch, config.hiddenSize());
        return projection ? new Shape[] {last, pooled, new Shape(batch, config.projectionDim())}
                : new Shape[] {last, pooled};
    }
}
