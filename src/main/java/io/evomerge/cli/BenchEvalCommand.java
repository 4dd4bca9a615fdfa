package io.evomerge.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.evomerge.data.Example;
import io.evomerge.data.Split;
import io.evomerge.data.SplitName;
import io.evomerge.data.TaskSpec;
import io.evomerge.data.TextEncoder;
import io.evomerge.eval.EncodedSplit;
import io.evomerge.eval.TaskScorer;
import io.evomerge.experiment.ExperimentConfig;
import io.evomerge.experiment.TaskConfig;
import io.evomerge.model.BertEncoder;
import io.evomerge.model.HeadConfig;
import io.evomerge.model.HfModel;
import io.evomerge.model.TaskHead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Inference throughput of the backbone plus a task head on each task's validation set: length-grouped batches
 * (sorted by length, each padded to its longest row) against fixed-length padding to max_length, in one run.
 * Needs no population: heads are freshly initialised (the cost does not depend on their values).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluation throughput (examples/s) per validation set: length-grouped vs fixed-length padding.")
final class BenchEvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "Experiment YAML (backbone, tasks, max_length).")
    Path experiment;

    @Option(names = "--batch-size", defaultValue = "32", description = "Rows per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--limit", defaultValue = "1000",
            description = "At most this many validation examples per task, a seeded sample (default ${DEFAULT-VALUE}; 0 = all).")
    int limit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ExperimentConfig config = ExperimentConfig.read(experiment);
        HfModel base = config.backbone().load();
        Engine.getInstance().setRandomSeed((int) config.seed());
        out.printf("%s on %s, batch %d, max_length %d, %d cores, %d PyTorch intra-op threads%n",
                config.backbone().describe(), config.device(), batchSize, config.maxLength(),
                Runtime.getRuntime().availableProcessors(), JniUtils.getNumThreads());
        out.printf("%-8s %7s  %12s %9s %9s  %12s %9s %9s  %7s%n", "task", "examples", "grouped tok", "s", "ex/s",
                "fixed tok", "s", "ex/s", "speedup");
        try (NDManager manager = NDManager.newBaseManager(Device.fromName(config.device()), "PyTorch");
             TextEncoder text = TextEncoder.load(base.encoder().tokenizerJson(), config.maxLength())) {
            BertEncoder encoder = new BertEncoder(base.encoder().config());
            encoder.initializeParameters(manager);
            encoder.loadTensors(base.encoder().weights());
            encoder.freezeParameters(true);
            int hidden = encoder.config().hiddenSize();
            for (TaskConfig task : config.tasks()) {
                Split split = sample(task.read(SplitName.VALIDATION), config.seed());
                TaskSpec taskSpec = split.task();
                TaskHead head = new TaskHead(HeadConfig.of(taskSpec.kind(), taskSpec.labelNames().size(),
                        config.pooling(), 0f), hidden);
                head.initializeParameters(manager, hidden);
                head.freezeParameters(true);
                EncodedSplit grouped = EncodedSplit.of(split, text, batchSize, true);
                EncodedSplit fixed = EncodedSplit.of(split, text, batchSize, false);
                TaskScorer.score(encoder, head, grouped, manager); // warm-up: first-shape allocations
                double g = time(encoder, head, grouped, manager);
                double f = time(encoder, head, fixed, manager);
                out.printf("%-8s %7d  %12d %9.2f %9.1f  %12d %9.2f %9.1f  %6.2fx%n", task.name(), split.size(),
                        grouped.paddedTokens(), g, split.size() / g, fixed.paddedTokens(), f, split.size() / f, f / g);
                out.flush();
            }
        }
        return 0;
    }

    private Split sample(Split all, long seed) {
        if (limit <= 0 || all.size() <= limit) {
            return all;
        }
        List<Example> examples = new ArrayList<>(all.examples());
        Collections.shuffle(examples, new Random(seed));
        return new Split(all.task(), all.name(), examples.subList(0, limit));
    }

    private static double time(BertEncoder encoder, TaskHead head, EncodedSplit data, NDManager manager) {
        long t0 = System.nanoTime();
        TaskScorer.score(encoder, head, data, manager);
        return (System.nanoTime() - t0) / 1e9;
    }
}
