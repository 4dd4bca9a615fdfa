package io.evomerge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evomerge.checkpoint.AtomicFiles;
import io.evomerge.experiment.ExperimentConfig;
import io.evomerge.finetune.Finetuner;
import io.evomerge.population.Population;
import io.evomerge.population.TaskConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code evomerge finetune EXPERIMENT [--task NAME]}: the population of task models. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Fine-tune the backbone on each task of an experiment into <population>/<task>/ (skips tasks already done with the same settings).")
final class FinetuneCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "Experiment YAML, e.g. experiments/glue.yaml.")
    Path experiment;

    @Option(names = "--task", paramLabel = "NAME", description = "Only this task (repeatable); default: all tasks.")
    List<String> tasks;

    @Option(names = "--no-progress", description = "No progress bar (for logs).")
    boolean noProgress;

    @Option(names = "--summary", paramLabel = "FILE",
            description = "Afterwards, write every selected task's metrics.json into one JSON file (atomically).")
    Path summary;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ExperimentConfig config = ExperimentConfig.read(experiment);
        List<TaskConfig> selected = tasks == null ? config.tasks() : tasks.stream().map(config::task).toList();
        new Finetuner(config.population(), spec.commandLine().getOut(), !noProgress).run(selected);
        if (summary != null) {
            writeSummary(config, selected);
        }
        return 0;
    }

    private void writeSummary(ExperimentConfig config, List<TaskConfig> selected) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("experiment", config.name());
        root.put("backbone", config.backbone().describe());
        root.put("population", config.population().root().toString());
        ObjectNode tasks = root.putObject("tasks");
        double seconds = 0;
        for (TaskConfig task : selected) {
            JsonNode metrics = json.readTree(config.populationLayout().task(task.name()).resolve(Population.METRICS).toFile());
            tasks.set(task.name(), metrics);
            seconds += metrics.path("seconds").asDouble();
        }
        root.put("total_seconds", Math.round(seconds * 10) / 10.0);
        AtomicFiles.writeString(summary, json.writeValueAsString(root) + "\n");
        spec.commandLine().getOut().println("wrote " + summary);
    }
}
