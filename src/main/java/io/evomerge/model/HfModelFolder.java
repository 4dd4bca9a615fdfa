package io.evomerge.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face style model folder ({@code config.json}, {@code tokenizer.json}, the source {@code model.onnx})
 * plus its encoder weights in memory, HF-named and HF-shaped, in state-dict order.
 */
public record HfModelFolder(Path directory, BertConfig config, List<NamedTensor> weights) {

    public HfModelFolder {
        weights = List.copyOf(weights);
    }

    public Path configJson() {
        return directory.resolve("config.json");
    }

    public Path tokenizerJson() {
        return directory.resolve("tokenizer.json");
    }

    public Path onnxModel() {
        return directory.resolve("model.onnx");
    }

    /** Name → flat data, in state-dict order (the shape of each is in {@link #weights()}). */
    public Map<String, float[]> weightMap() {
        Map<String, float[]> map = new LinkedHashMap<>();
        weights.forEach(t -> map.put(t.name(), t.data()));
        return map;
    }
}
