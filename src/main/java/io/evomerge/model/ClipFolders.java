package io.evomerge.model;

import ai.djl.ndarray.NDManager;
import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.config.YamlNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CLIP towers from Hugging Face folders: {@code config.json} of a CLIPModel, CLIPVisionModel(WithProjection) or
 * CLIPTextModel(WithProjection), and {@code model.safetensors} or shards with an index. Only the asked-for tower's
 * tensors are read; the other tower's are ignored. A projection is read when the checkpoint holds it, and required
 * when config.json declares one (a CLIPModel, or a *WithProjection architecture).
 */
public final class ClipFolders {
    public static final String LOGIT_SCALE = "logit_scale";

    private ClipFolders() {
    }

    /** A vision tower's config and HF-named weights (projection included when present). */
    public record Vision(Path folder, ClipVisionConfig config, boolean projection, List<NamedTensor> weights) {
        /** The tower as a block on {@code manager}'s device, with these weights. */
        public ClipVisionTower tower(NDManager manager) {
            ClipVisionTower tower = new ClipVisionTower(config, projection);
            tower.initializeParameters(manager);
            tower.loadTensors(weights);
            return tower;
        }
    }

    /** A text tower's config and weights, and the model's {@code logit_scale} (null when the folder has none). */
    public record Text(Path folder, ClipTextConfig config, boolean projection, List<NamedTensor> weights,
                       Float logitScale) {
        public ClipTextTower tower(NDManager manager) {
            ClipTextTower tower = new ClipTextTower(config, projection);
            tower.initializeParameters(manager);
            tower.loadTensors(weights);
            return tower;
        }

        public Path tokenizerJson() {
            return folder.resolve("tokenizer.json");
        }
    }

    public static Vision vision(Path folder) {
        Path configJson = configJson(folder);
        ClipVisionConfig config = ClipConfigJson.vision(configJson);
        try (Checkpoint checkpoint = Checkpoints.open(folder)) {
            boolean projection = projection(checkpoint, configJson, ClipVisionTower.PROJECTION,
                    "CLIPVisionModelWithProjection");
            List<ParameterShape> shapes = new ClipVisionTower(config, projection).parameterShapes();
            return new Vision(folder, config, projection, HfFolders.checkedTensors(checkpoint, names(checkpoint),
                    shapes, "; is this a CLIP vision checkpoint matching config.json?"));
        }
    }

    public static Text text(Path folder) {
        Path configJson = configJson(folder);
        ClipTextConfig config = ClipConfigJson.text(configJson);
        try (Checkpoint checkpoint = Checkpoints.open(folder)) {
            boolean projection = projection(checkpoint, configJson, ClipTextTower.PROJECTION,
                    "CLIPTextModelWithProjection");
            List<ParameterShape> shapes = new ClipTextTower(config, projection).parameterShapes();
            List<NamedTensor> weights = HfFolders.checkedTensors(checkpoint, names(checkpoint), shapes,
                    "; is this a CLIP text checkpoint matching config.json?");
            Float scale = null;
            if (checkpoint.contains(LOGIT_SCALE)) {
                TensorInfo t = checkpoint.tensor(LOGIT_SCALE);
                if (t.numel() != 1) {
                    throw new EvomergeException(checkpoint.location() + ": tensor " + LOGIT_SCALE + " has shape "
                            + t.shapeString() + " but must hold one value");
                }
                scale = checkpoint.floats(LOGIT_SCALE)[0];
            }
            return new Text(folder, config, projection, weights, scale);
        }
    }

    private static Path configJson(Path folder) {
        Path configJson = folder.resolve("config.json");
        if (!Files.isRegularFile(configJson)) {
            throw new EvomergeException(folder + ": no config.json; point at a Hugging Face model folder");
        }
        return configJson;
    }

    /** Whether the tower has its projection: declared by config.json (then required), or held by the checkpoint. */
    private static boolean projection(Checkpoint checkpoint, Path configJson, String tensor, String architecture) {
        YamlNode root = YamlNode.read(configJson);
        boolean model = ClipConfigJson.CLIP.equals(root.text("model_type", ""));
        boolean declared = model || root.has("architectures") && root.get("architectures").items().stream()
                .anyMatch(a -> a.isText() && a.text().equals(architecture));
        if (declared && !checkpoint.contains(tensor)) {
            throw new EvomergeException(checkpoint.location() + ": no tensor " + tensor + ", which config.json declares ("
                    + (model ? "model_type " + ClipConfigJson.CLIP : "architectures " + architecture) + ")");
        }
        return checkpoint.contains(tensor);
    }

    /** HF name → stored name; CLIP checkpoints store HF names as they are. */
    private static Map<String, String> names(Checkpoint checkpoint) {
        Map<String, String> found = new HashMap<>();
        checkpoint.tensors().forEach(t -> found.put(t.name(), t.name()));
        return found;
    }
}
