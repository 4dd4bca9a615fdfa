package io.evomerge.population;

import java.nio.file.Path;

/**
 * The layout of a population folder: {@code base/} (the pre-trained encoder as a Hugging Face folder) and one
 * folder per task with {@code config.json}, {@code model.safetensors}, {@code tokenizer.json},
 * {@code head.safetensors}, {@code task.json} (head metadata) and {@code metrics.json} (written last: a task folder
 * is complete when it exists).
 */
public record Population(Path root) {
    public static final String METRICS = "metrics.json";
    public static final String TASK_METADATA = "task.json";

    public Path base() {
        return root.resolve("base");
    }

    public Path task(String name) {
        return root.resolve(name);
    }
}
