package io.evomerge.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The Hugging Face {@code config.json} fields a BERT-family encoder needs. JSON property names follow HF, so
 * {@link #read(Path)} accepts a real HF config and {@link #write(Path)} produces one HF tooling can read.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BertConfig(
        @JsonProperty("model_type") String modelType,
        @JsonProperty("vocab_size") int vocabSize,
        @JsonProperty("hidden_size") int hiddenSize,
        @JsonProperty("num_hidden_layers") int numHiddenLayers,
        @JsonProperty("num_attention_heads") int numAttentionHeads,
        @JsonProperty("intermediate_size") int intermediateSize,
        @JsonProperty("max_position_embeddings") int maxPositionEmbeddings,
        @JsonProperty("type_vocab_size") int typeVocabSize,
        @JsonProperty("layer_norm_eps") double layerNormEps,
        @JsonProperty("hidden_act") String hiddenAct,
        @JsonProperty("pad_token_id") int padTokenId) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> MODEL_TYPES = Set.of("bert", "roberta");

    public BertConfig {
        if (!MODEL_TYPES.contains(modelType)) {
            throw new IllegalArgumentException("config model_type '" + modelType + "' is not supported; use bert or roberta");
        }
        if (!"gelu".equals(hiddenAct)) {
            throw new IllegalArgumentException("config hidden_act '" + hiddenAct + "' is not supported; only gelu (erf) is");
        }
        if (hiddenSize <= 0 || numAttentionHeads <= 0 || hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("config hidden_size " + hiddenSize
                    + " must be a positive multiple of num_attention_heads " + numAttentionHeads);
        }
        if (vocabSize <= 0 || numHiddenLayers <= 0 || intermediateSize <= 0 || maxPositionEmbeddings <= 0
                || typeVocabSize <= 0 || layerNormEps <= 0) {
            throw new IllegalArgumentException("config has a non-positive size or layer_norm_eps: " + this);
        }
    }

    /** HF defaults apply to the optional fields (layer_norm_eps 1e-12, gelu, type_vocab_size 2, pad 0/1). */
    @JsonCreator
    static BertConfig fromJson(
            @JsonProperty("model_type") String modelType,
            @JsonProperty("vocab_size") Integer vocabSize,
            @JsonProperty("hidden_size") Integer hiddenSize,
            @JsonProperty("num_hidden_layers") Integer numHiddenLayers,
            @JsonProperty("num_attention_heads") Integer numAttentionHeads,
            @JsonProperty("intermediate_size") Integer intermediateSize,
            @JsonProperty("max_position_embeddings") Integer maxPositionEmbeddings,
            @JsonProperty("type_vocab_size") Integer typeVocabSize,
            @JsonProperty("layer_norm_eps") Double layerNormEps,
            @JsonProperty("hidden_act") String hiddenAct,
            @JsonProperty("pad_token_id") Integer padTokenId) {
        String type = modelType == null ? "bert" : modelType;
        return new BertConfig(type, required(vocabSize, "vocab_size"), required(hiddenSize, "hidden_size"),
                required(numHiddenLayers, "num_hidden_layers"), required(numAttentionHeads, "num_attention_heads"),
                required(intermediateSize, "intermediate_size"),
                required(maxPositionEmbeddings, "max_position_embeddings"),
                typeVocabSize == null ? 2 : typeVocabSize, layerNormEps == null ? 1e-12 : layerNormEps,
                hiddenAct == null ? "gelu" : hiddenAct,
                padTokenId != null ? padTokenId : "roberta".equals(type) ? 1 : 0);
    }

    private static int required(Integer value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("config.json lacks required field " + field);
        }
        return value;
    }

    public static BertConfig read(Path configJson) {
        try {
            return JSON.readValue(configJson.toFile(), BertConfig.class);
        } catch (ValueInstantiationException e) {
            throw new IllegalArgumentException(configJson + ": " + e.getCause().getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot parse BERT config " + configJson + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read BERT config " + configJson + ": " + e.getMessage(), e);
        }
    }

    public void write(Path configJson) {
        try {
            JSON.writeValue(configJson.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write BERT config " + configJson + ": " + e.getMessage(), e);
        }
    }

    /** The config as HF {@code config.json} text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + this, e);
        }
    }

    @JsonIgnore
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    @JsonIgnore
    public boolean isRoberta() {
        return "roberta".equals(modelType);
    }
}
