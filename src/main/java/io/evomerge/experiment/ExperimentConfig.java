package io.evomerge.experiment;

import io.evomerge.EvomergeException;
import io.evomerge.model.Pooling;
import java.nio.file.Path;
import java.util.List;

/**
 * An experiment YAML: backbone, tasks, fine-tuning and evaluation settings, the baselines of {@code merges:} and the
 * searches (grids of {@code merges:}, then {@code search:}), all checked when the file is read. Paths are absolute (relative ones were resolved
 * against the YAML's folder, {@code ~} expanded). {@code pooling} is the heads' pooling (default per backbone).
 */
public record ExperimentConfig(Path file, String name, long seed, Backbone backbone, String device, int maxLength,
                               Pooling pooling, Path population, List<TaskConfig> tasks, FinetuneConfig finetune,
                               EvaluationConfig evaluation, List<BaselineSpec> baselines,
                               List<SearchSpec> searches) {

    public ExperimentConfig {
        tasks = List.copyOf(tasks);
        baselines = List.copyOf(baselines);
        searches = List.copyOf(searches);
    }

    /** Reads and checks an experiment YAML; errors name the file, the key path and the valid values. */
    public static ExperimentConfig read(Path yaml) {
        return ExperimentReader.read(yaml);
    }

    public TaskConfig task(String taskName) {
        return tasks.stream().filter(t -> t.name().equals(taskName)).findFirst()
                .orElseThrow(() -> new EvomergeException(file + ": no task named '" + taskName + "'; tasks: "
                        + String.join(", ", tasks.stream().map(TaskConfig::name).toList())));
    }

    /** Where the fine-tuned models live: {@code base/} and one folder per task. */
    public Population populationLayout() {
        return new Population(population);
    }
}
