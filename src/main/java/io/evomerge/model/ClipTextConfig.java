package io.evomerge.model;

/**
 * The fields of HF's CLIPTextConfig the text tower needs (see {@link ClipConfigJson} for where they are read), plus
 * the projection width of {@code text_projection}.
 */
public record ClipTextConfig(int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers,
                             int numAttentionHeads, int maxPositionEmbeddings, double layerNormEps,
                             HiddenAct hiddenAct, int projectionDim, int eosTokenId) {

    /**
     * HF's rule for the pooled token: configs written before the fix carry eos_token_id 2 and pool at the
     * highest token id (the end-of-text token has the largest id in CLIP's vocabulary); newer ones pool at the first
     * eos_token_id of each row.
     */
    public boolean poolsAtArgmax() {
        return eosTokenId == 2;
    }
}
