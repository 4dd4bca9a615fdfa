package io.evomerge.model;

/**
 * The fields of HF's CLIPVisionConfig the vision tower needs (see {@link ClipConfigJson} for where they are read),
 * plus the projection width of {@code visual_projection}.
 */
public record ClipVisionConfig(int hiddenSize, int intermediateSize, int numHiddenLayers, int numAttentionHeads,
                               int numChannels, int imageSize, int patchSize, double layerNormEps,
                               HiddenAct hiddenAct, int projectionDim) {

    /** Patches per side: the image is cut into a grid of patchSize squares. */
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** Sequence length: one token per patch plus the class token. */
    public int positions() {
        return gridSize() * gridSize() + 1;
    }
}
