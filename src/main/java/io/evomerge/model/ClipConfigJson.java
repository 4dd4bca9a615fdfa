package io.evomerge.model;

import io.evomerge.EvomergeException;
import io.evomerge.config.Range;
import io.evomerge.config.YamlNode;
import java.nio.file.Path;

/**
 * Reads the towers' configs from a CLIP folder's {@code config.json} as HF writes it: a CLIPModel ({@code model_type}
 * "clip", the towers under {@code vision_config}/{@code text_config}, {@code projection_dim} at the top), or a
 * CLIPVisionModel(WithProjection) / CLIPTextModel(WithProjection) ({@code clip_vision_model} / {@code
 * clip_text_model}, fields at the top). Absent fields take HF's defaults, as HF omits them; errors name the file and
 * the key path.
 */
public final class ClipConfigJson {
    public static final String CLIP = "clip";
    public static final String VISION = "clip_vision_model";
    public static final String TEXT = "clip_text_model";
    private static final Range POSITIVE = Range.atLeast(1);

    private ClipConfigJson() {
    }

    /** The vision tower's config; refuses a text-only folder. */
    public static ClipVisionConfig vision(Path configJson) {
        YamlNode root = YamlNode.read(configJson);
        Section s = section(root, "vision_config", VISION, "pixel_values");
        int hidden = s.integer("hidden_size", 768);
        int heads = s.integer("num_attention_heads", 12);
        int image = s.integer("image_size", 224);
        int patch = s.integer("patch_size", 32);
        if (image % patch != 0) {
            throw s.error("image_size", "image_size " + image + " is not a multiple of patch_size " + patch);
        }
        return new ClipVisionConfig(divisible(s, hidden, heads), s.integer("intermediate_size", 3072),
                s.integer("num_hidden_layers", 12), heads, s.integer("num_channels", 3), image, patch,
                s.epsilon(), s.hiddenAct(), projectionDim(root, s));
    }

    /** The text tower's config; refuses a vision-only folder. */
    public static ClipTextConfig text(Path configJson) {
        YamlNode root = YamlNode.read(configJson);
        Section s = section(root, "text_config", TEXT, "input_ids");
        int hidden = s.integer("hidden_size", 512);
        int heads = s.integer("num_attention_heads", 8);
        return new ClipTextConfig(s.integer("vocab_size", 49408), divisible(s, hidden, heads),
                s.integer("intermediate_size", 2048), s.integer("num_hidden_layers", 12), heads,
                s.integer("max_position_embeddings", 77), s.epsilon(), s.hiddenAct(), projectionDim(root, s),
                s.integer("eos_token_id", 49407, Range.atLeast(0)));
    }

    /** The tower's fields: the top level of a tower-only config, or the CLIPModel's sub-mapping. */
    private static Section section(YamlNode root, String key, String towerType, String input) {
        String type = root.text("model_type", "");
        if (type.equals(towerType)) {
            return new Section(root, null, false);
        }
        if (type.equals(CLIP)) {
            // Old CLIPModel configs also carry text_config_dict/vision_config_dict, which HF lets override.
            return new Section(root.mapping(key), root.mapping(key + "_dict"), true);
        }
        throw root.error("model_type", "'" + type + "' has no tower for " + input + "; use a folder whose model_type is "
                + CLIP + " or " + towerType);
    }

    private static int divisible(Section s, int hidden, int heads) {
        if (hidden % heads != 0) {
            throw s.error("hidden_size", "hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads);
        }
        return hidden;
    }

    /** CLIPModel: the top-level projection_dim (HF ignores the towers' own); a tower-only model: its own. */
    private static int projectionDim(YamlNode root, Section s) {
        return s.nested ? (int) root.integer("projection_dim", POSITIVE, 512L) : s.integer("projection_dim", 512);
    }

    /** A tower's mapping (null when absent: all defaults), with an optional overriding {@code *_dict} mapping. */
    private record Section(YamlNode sub, YamlNode override, boolean nested) {
        /** The mapping where {@code name} is read: the override when it has it, else the tower's. */
        YamlNode node(String name) {
            if (override != null && override.has(name)) return override;
            return sub;
        }

        int integer(String name, int fallback) {
            return integer(name, fallback, POSITIVE);
        }

        int integer(String name, int fallback, Range range) {
            YamlNode n = node(name);
            return n == null ? fallback : (int) n.integer(name, range, (long) fallback);
        }

        double epsilon() {
            YamlNode n = node("layer_norm_eps");
            return n == null ? 1e-5 : n.number("layer_norm_eps", Range.above(0, 1), 1e-5);
        }

        HiddenAct hiddenAct() {
            YamlNode n = node("hidden_act");
            if (n == null || !n.has("hidden_act")) return HiddenAct.QUICK_GELU;
            String name = n.text("hidden_act");
            HiddenAct act = HiddenAct.parseOrNull(name);
            if (act == null) {
                throw n.error("hidden_act", "'" + name + "' is not supported; use one of " + HiddenAct.names());
            }
            return act;
        }

        EvomergeException error(String name, String problem) {
            YamlNode n = node(name);
            return n == null ? new EvomergeException(problem) : n.error(name, problem);
        }
    }
}
