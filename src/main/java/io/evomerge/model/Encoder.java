package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * A loaded encoder run on HF-named inputs, giving HF-named outputs ({@code last_hidden_state}, {@code pooler_output},
 * {@code image_embeds}/{@code text_embeds} where the model has them). Results live on the inputs' manager.
 */
@FunctionalInterface
public interface Encoder {
    String INPUT_IDS = "input_ids";
    String ATTENTION_MASK = "attention_mask";
    String TOKEN_TYPE_IDS = "token_type_ids";
    String PIXEL_VALUES = "pixel_values";
    String LAST_HIDDEN_STATE = "last_hidden_state";
    String POOLER_OUTPUT = "pooler_output";
    String IMAGE_EMBEDS = "image_embeds";
    String TEXT_EMBEDS = "text_embeds";

    /**
     * Runs one batch; absent optional inputs take HF's defaults (attention_mask all ones, token_type_ids zeros).
     * Throws IllegalArgumentException naming the input key when an input does not fit the model.
     */
    Map<String, NDArray> run(Map<String, NDArray> inputs);
}
