package io.evomerge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertConfigTest {
    /** sentence-transformers/all-MiniLM-L6-v2 config.json as published on the Hub. */
    private static final String MINILM = """
            {
              "_name_or_path": "nreimers/MiniLM-L6-H384-uncased",
              "architectures": ["BertModel"],
              "attention_probs_dropout_prob": 0.1,
              "gradient_checkpointing": false,
              "hidden_act": "gelu",
              "hidden_dropout_prob": 0.1,
              "hidden_size": 384,
              "initializer_range": 0.02,
              "intermediate_size": 1536,
              "layer_norm_eps": 1e-12,
              "max_position_embeddings": 512,
              "model_type": "bert",
              "num_attention_heads": 12,
              "num_hidden_layers": 6,
              "pad_token_id": 0,
              "position_embedding_type": "absolute",
              "transformers_version": "4.8.2",
              "type_vocab_size": 2,
              "use_cache": true,
              "vocab_size": 30522
            }
            """;

    @Test
    void readsHuggingFaceConfigAndRoundTrips(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), MINILM);
        BertConfig config = BertConfig.read(file);
        assertEquals(new BertConfig("bert", 30522, 384, 6, 12, 1536, 512, 2, 1e-12, "gelu", 0), config);
        assertEquals(32, config.headSize());

        Path copy = dir.resolve("copy.json");
        config.write(copy);
        assertEquals(config, BertConfig.read(copy));
        assertTrue(Files.readString(copy).contains("\"num_attention_heads\" : 12"));
    }

    @Test
    void appliesHuggingFaceDefaultsForOptionalFields(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), """
                {"model_type": "roberta", "vocab_size": 50265, "hidden_size": 768, "num_hidden_layers": 12,
                 "num_attention_heads": 12, "intermediate_size": 3072, "max_position_embeddings": 514}
                """);
        BertConfig config = BertConfig.read(file);
        assertEquals(1, config.padTokenId());
        assertEquals(2, config.typeVocabSize());
        assertEquals(1e-12, config.layerNormEps());
        assertTrue(config.isRoberta());
    }

    @Test
    void rejectsWhatTheEncoderCannotCompute(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"),
                MINILM.replace("\"hidden_act\": \"gelu\"", "\"hidden_act\": \"gelu_new\""));
        assertEquals(file + ": config hidden_act 'gelu_new' is not supported; only gelu (erf) is",
                assertThrows(IllegalArgumentException.class, () -> BertConfig.read(file)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new BertConfig("bert", 10, 384, 1, 5, 8, 8, 2, 1e-12, "gelu", 0));
        Path noHidden = Files.writeString(dir.resolve("bad.json"), "{\"model_type\": \"bert\"}");
        assertEquals(noHidden + ": config.json lacks required field vocab_size",
                assertThrows(IllegalArgumentException.class, () -> BertConfig.read(noHidden)).getMessage());
    }
}
