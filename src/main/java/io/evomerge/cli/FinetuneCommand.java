package io.evomerge.cli;

import io.evomerge.experiment.ExperimentConfig;
import io.evomerge.experiment.TaskConfig;
import io.evomerge.finetune.Finetuner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExperimentConfig config = ExperimentConfig.read(experiment);
        List<TaskConfig> selected = tasks == null ? config.tasks() : tasks.stream().map(config::task).toList();
        new Finetuner(config, spec.commandLine().getOut(), !noProgress).run(selected);
        return 0;
    }
}
