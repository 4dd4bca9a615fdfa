package io.evomerge.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.AtomicFiles;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import io.evomerge.data.ImagePreprocessing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a CLIP vision tower as a Hugging Face CLIPVisionModel folder ({@code config.json}, {@code
 * model.safetensors} with HF names, {@code preprocessor_config.json}), each file atomically, and reads a tower's
 * weights back from such a folder or from a bare safetensors file (a merged model).
 */
public final class VisionFolders {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VisionFolders() {
    }

    /** HF's CLIPVisionConfig fields for {@code config} (model_type clip_vision_model). */
    public static String configJson(ClipVisionConfig config) {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("architectures").add("CLIPVisionModel");
        root.put("model_type", ClipConfigJson.VISION);
        root.put("hidden_size", config.hiddenSize());
        root.put("intermediate_size", config.intermediateSize());
        root.put("num_hidden_layers", config.numHiddenLayers());
        root.put("num_attention_heads", config.numAttentionHeads());
        root.put("num_channels", config.numChannels());
        root.put("image_size", config.imageSize());
        root.put("patch_size", config.patchSize());
        root.put("layer_norm_eps", config.layerNormEps());
        root.put("hidden_act", config.hiddenAct().hfName());
        root.put("projection_dim", config.projectionDim());
        root.put("torch_dtype", "float32");
        return root.toPrettyString();
    }

    /** The tower's current weights as HF tensors, in state-dict order. */
    public static List<NamedTensor> tensors(ClipVisionTower tower) {
        return tower.parameterShapes().stream()
                .map(s -> new NamedTensor(s.name(), s.shape(), tower.getParameter(s.name()))).toList();
    }

    /** Writes the folder: weights, config.json and the preprocessing the tower's inputs take. */
    public static void write(Path folder, ClipVisionConfig config, List<NamedTensor> weights,
                             ImagePreprocessing preprocessing) {
        List<TensorSpec> specs = weights.stream().map(t -> new TensorSpec(t.name(), DType.F32, t.shape())).toList();
        try (CheckpointWriter writer = CheckpointWriter.create(folder, specs,
                WriteOptions.single(Map.of("format", "pt")))) {
            weights.forEach(t -> writer.write(t.name(), t.data()));
            writer.commit();
        }
        try {
            AtomicFiles.writeString(folder.resolve("config.json"), configJson(config));
            AtomicFiles.writeString(folder.resolve(ImagePreprocessing.CONFIG_FILE), preprocessing.toJson());
        } catch (IOException e) {
            throw new EvomergeException(folder + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** The tower's weights from a folder or a safetensors file, checked against {@code tower}'s names and shapes. */
    public static List<NamedTensor> readWeights(Path fileOrFolder, ClipVisionTower tower) {
        try (Checkpoint checkpoint = Checkpoints.open(fileOrFolder)) {
            Map<String, String> found = new HashMap<>();
            checkpoint.tensors().forEach(t -> found.put(t.name(), t.name()));
            return HfFolders.checkedTensors(checkpoint, found, tower.parameterShapes(),
                    "; is this a CLIP vision checkpoint of the population's shape?");
        }
    }
}
