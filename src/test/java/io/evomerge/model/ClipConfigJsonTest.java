package io.evomerge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tower configs from config.json files shaped as HF writes them. */
class ClipConfigJsonTest {

    /**
     * openai/clip-vit-base-patch32's config.json layout (transformers 4.x): both towers nested, the old *_dict copies
     * beside them, fields at their defaults partly omitted, the legacy eos_token_id 2, projection_dim on top.
     */
    @Test
    void clipModelConfigWithDictsAndDefaults(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"_name_or_path": "openai/clip-vit-base-patch32", "architectures": ["CLIPModel"],
                 "initializer_factor": 1.0, "logit_scale_init_value": 2.6592, "model_type": "clip",
                 "projection_dim": 512,
                 "text_config": {"bos_token_id": 0, "dropout": 0.0, "eos_token_id": 2, "hidden_act": "quick_gelu",
                   "hidden_size": 512, "intermediate_size": 2048, "layer_norm_eps": 1e-05,
                   "max_position_embeddings": 77, "model_type": "clip_text_model", "num_attention_heads": 8,
                   "num_hidden_layers": 12, "pad_token_id": 1, "projection_dim": 512, "vocab_size": 49408},
                 "text_config_dict": null,
                 "vision_config": {"dropout": 0.0, "hidden_size": 768, "intermediate_size": 3072,
                   "model_type": "clip_vision_model", "num_attention_heads": 12, "patch_size": 32},
                 "vision_config_dict": {"hidden_size": 768, "patch_size": 32, "intermediate_size": 3072},
                 "transformers_version": null}
                """);
        assertEquals(new ClipTextConfig(49408, 512, 2048, 12, 8, 77, 1e-5, HiddenAct.QUICK_GELU, 512, 2),
                ClipConfigJson.text(config));
        assertEquals(new ClipVisionConfig(768, 3072, 12, 12, 3, 224, 32, 1e-5, HiddenAct.QUICK_GELU, 512),
                ClipConfigJson.vision(config));
        assertEquals(50, ClipConfigJson.vision(config).positions(), "7 x 7 patches and the class token");
    }

    /** A CLIPVisionModelWithProjection: fields on top, its own projection_dim; a *_dict overrides its tower. */
    @Test
    void towerOnlyConfigAndDictOverride(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"architectures": ["CLIPVisionModelWithProjection"], "model_type": "clip_vision_model",
                 "hidden_size": 1024, "intermediate_size": 4096, "num_hidden_layers": 24, "num_attention_heads": 16,
                 "patch_size": 14, "projection_dim": 768, "hidden_act": "gelu"}
                """);
        assertEquals(new ClipVisionConfig(1024, 4096, 24, 16, 3, 224, 14, 1e-5, HiddenAct.GELU, 768),
                ClipConfigJson.vision(config));
        Files.writeString(config, """
                {"model_type": "clip", "text_config": {"hidden_act": "gelu", "eos_token_id": 49407},
                 "text_config_dict": {"hidden_act": "quick_gelu"}}
                """);
        ClipTextConfig text = ClipConfigJson.text(config);
        assertEquals(HiddenAct.QUICK_GELU, text.hiddenAct());
        assertEquals(49407, text.eosTokenId());
        assertEquals(false, text.poolsAtArgmax());
    }
}
