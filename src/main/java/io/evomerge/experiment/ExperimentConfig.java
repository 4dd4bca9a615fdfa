package io.evomerge.experiment;

import io.evomerge.model.Pooling;
import io.evomerge.population.Backbone;
import io.evomerge.population.EvaluationConfig;
import io.evomerge.population.Population;
import io.evomerge.population.PopulationConfig;
import io.evomerge.population.TaskConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * An experiment YAML: the population it builds and scores on (backbone, tasks, fine-tuning and evaluation settings),
 * the merge backend ({@code backend: java | device}; device merges run on the population's {@code device}),
 * the baselines of {@code merges:} and the searches (grids of {@code merges:}, then {@code search:}), all checked
 * when the file is read. Paths are absolute (relative ones were resolved against the YAML's folder, {@code ~}
 * expanded). The accessors below read through to the population's settings. {@code devices} are where candidates
 * are evaluated, one resident evaluator each ({@code device: D} is {@code devices: [D]}); the first is the
 * population's device (fine-tuning, the population's own rows).
 */
public record ExperimentConfig(String name, PopulationConfig population, List<String> devices, Merging merging) {

    public ExperimentConfig {
        devices = List.copyOf(devices);
    }

    public List<BaselineSpec> baselines() {
        return merging.baselines();
    }

    public List<SearchSpec> searches() {
        return merging.searches();
    }

    /** Reads and checks an experiment YAML; errors name the file, the key path and the valid values. */
    public static ExperimentConfig read(Path yaml) {
        return ExperimentReader.read(yaml);
    }

    /** The most repeats of one search (each is a whole search). */
    public static final int MAX_REPEATS = SearchSpecs.MAX_REPEATS;

    /** This experiment with every search but the grids run {@code n} times ({@code evolve --repeats N}). */
    public ExperimentConfig withRepeats(int n) {
        return new ExperimentConfig(name, population, devices, new Merging(merging.backend(), baselines(),
                searches().stream().map(s -> s.withRepeats(n)).toList()));
    }

    public Path file() {
        return population.file();
    }

    public long seed() {
        return population.seed();
    }

    public Backbone backbone() {
        return population.backbone();
    }

    public String device() {
        return population.device();
    }

    public int maxLength() {
        return population.maxLength();
    }

    /** The heads' pooling (default per backbone). */
    public Pooling pooling() {
        return population.pooling();
    }

    public List<TaskConfig> tasks() {
        return population.tasks();
    }

    public EvaluationConfig evaluation() {
        return population.evaluation();
    }

    public TaskConfig task(String taskName) {
        return population.task(taskName);
    }

    /** Where the fine-tuned models live: {@code base/} and one folder per task. */
    public Population populationLayout() {
        return population.layout();
    }
}
