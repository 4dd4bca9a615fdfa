package io.evomerge.merge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The output folder's {@code config.json}: a frankenmerge's layer count is written where the architecture keeps it. */
public final class ModelConfigFile {
    /** The keys Hugging Face configs use for the layer count (Llama/Mistral/Qwen2/Gemma/BERT; GPT-2; T5). */
    private static final List<String> KEYS = List.of("num_hidden_layers", "n_layer", "num_layers");

    private ModelConfigFile() {
    }

    /** Sets the layer count in {@code folder/config.json} (kept as is when absent); returns whether it was changed. */
    public static boolean setLayers(Path folder, int layers) {
        Path file = folder.resolve("config.json");
        if (!Files.isRegularFile(file)) return false;
        ObjectMapper json = new ObjectMapper();
        try {
            ObjectNode config = (ObjectNode) json.readTree(file.toFile());
            boolean changed = false;
            for (String key : KEYS) {
                if (config.has(key)) {
                    config.put(key, layers);
                    changed = true;
                }
            }
            if (!changed) config.put("num_hidden_layers", layers);
            AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
            return true;
        } catch (IOException | ClassCastException e) {
            throw new EvomergeException(file + ": cannot set num_hidden_layers (" + e.getMessage() + ")");
        }
    }
}
