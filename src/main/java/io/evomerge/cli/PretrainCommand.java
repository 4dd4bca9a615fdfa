package io.evomerge.cli;

import io.evomerge.EvomergeException;
import io.evomerge.experiment.ExperimentConfig;
import io.evomerge.finetune.Pretrainer;
import io.evomerge.population.PretrainConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code evomerge pretrain EXPERIMENT}: the experiment's vision base, from its {@code pretrain:} section. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Pre-train the experiment's CLIP vision base (its pretrain: section) into pretrain.folder, a"
                + " Hugging Face CLIPVisionModel folder (skipped when done with the same settings).")
final class PretrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "Experiment YAML, e.g. experiments/vision.yaml.")
    Path experiment;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExperimentConfig config = ExperimentConfig.read(experiment);
        PretrainConfig pretrain = config.population().pretrain();
        if (pretrain == null) {
            throw new EvomergeException(experiment + ": pretrain: is missing; add a pretrain section (folder, data,"
                    + " model, training), as experiments/vision.yaml has");
        }
        new Pretrainer(pretrain, config.population().seed(), config.population().device(),
                config.population().evaluation().batchSize(), spec.commandLine().getOut()).run();
        return 0;
    }
}
