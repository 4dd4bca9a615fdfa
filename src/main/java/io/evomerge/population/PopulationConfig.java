package io.evomerge.population;

import io.evomerge.EvomergeException;
import io.evomerge.model.Pooling;
import java.nio.file.Path;
import java.util.List;

/**
 * What a population is built from and scored with: the backbone, the tasks (data and fine-tuning settings), the
 * heads' pooling, the tokenizer's max length, seed, device, evaluation batch size and the population folder.
 * Fine-tuning and evaluation take this part of an experiment, not the experiment, so they sit below it.
 * {@code file} is the experiment file, named in messages. {@code pretrain} (null: none) builds the backbone folder
 * first; tasks are all text or all images ({@link #images()}).
 */
public record PopulationConfig(Path file, long seed, Backbone backbone, String device, int maxLength, Pooling pooling,
                               Path root, List<TaskConfig> tasks, EvaluationConfig evaluation,
                               PretrainConfig pretrain) {

    public PopulationConfig {
        tasks = List.copyOf(tasks);
    }

    public TaskConfig task(String taskName) {
        return tasks.stream().filter(t -> t.name().equals(taskName)).findFirst()
                .orElseThrow(() -> new EvomergeException(file + ": no task named '" + taskName + "'; tasks: "
                        + String.join(", ", tasks.stream().map(TaskConfig::name).toList())));
    }

    /** Whether the tasks are image tasks (then the backbone is a CLIP vision tower). */
    public boolean images() {
        return !tasks.isEmpty() && tasks.getFirst().source().images();
    }

    /** Where the fine-tuned models live: {@code base/} and one folder per task. */
    public Population layout() {
        return new Population(root);
    }
}
