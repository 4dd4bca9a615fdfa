package io.evomerge.population;

import io.evomerge.EvomergeException;
import io.evomerge.model.Pooling;
import java.nio.file.Path;
import java.util.List;

/**
 * What a population is built from and scored with: the backbone, the tasks (data and fine-tuning settings), the
 * heads' pooling, the tokenizer's max length, seed, device, evaluation batch size and the population folder.
 * Fine-tuning and evaluation take this part of an experiment, not the experiment, so they sit below it.
 * {@code file} is the experiment file, named in messages.
 */
public record PopulationConfig(Path file, long seed, Backbone backbone, String device, int maxLength, Pooling pooling,
                               Path root, List<TaskConfig> tasks, EvaluationConfig evaluation) {

    public PopulationConfig {
        tasks = List.copyOf(tasks);
    }

    public TaskConfig task(String taskName) {
        return tasks.stream().filter(t -> t.name().equals(taskName)).findFirst()
                .orElseThrow(() -> new EvomergeException(file + ": no task named '" + taskName + "'; tasks: "
                        + String.join(", ", tasks.stream().map(TaskConfig::name).toList())));
    }

    /** Where the fine-tuned models live: {@code base/} and one folder per task. */
    public Population layout() {
        return new Population(root);
    }
}
