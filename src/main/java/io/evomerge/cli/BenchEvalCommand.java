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
import io.evomerge.model.BertEncoder;
import io.evomerge.model.HeadConfig;
import io.evomerge.model.HfModel;
import io.evomerge.model.TaskHead;
import io.evomerge.population.TaskConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Inference throughput of the backbone plus a task head on each task's validation set, one run timing three
 * batchings of the same examples: least padding (what evaluation uses), equal slices of the length-sorted split,
 * and fixed-length padding to max_length in input order. First, what each search evaluation pays before inference:
 * writing all encoder weights into the resident encoder, against a plain array copy of the same floats.
 * Needs no population: heads are freshly initialised (the cost does not depend on their values).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluation throughput (examples/s) per validation set: least padding vs sorted slices vs fixed length.")
final class BenchEvalCommand implements Callable<Integer> {
    private static final int REPEATS = 3;

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
        try (NDManager manager = NDManager.newBaseManager(Device.fromName(config.device()), "PyTorch");
             TextEncoder text = TextEncoder.load(base.encoder().tokenizerJson(), config.maxLength())) {
            BertEncoder encoder = new BertEncoder(base.encoder().config());
            encoder.initializeParameters(manager);
            encoder.loadTensors(base.encoder().weights());
            encoder.freezeParameters(true);
            weightWrite(out, encoder, base.encoder().weightMap());
            out.printf("%-13s %8s  %10s %7s %7s  %10s %7s %7s  %10s %7s %7s  %10s %10s%n", "task", "examples",
                    "least tok", "s", "ex/s", "sorted tok", "s", "ex/s", "fixed tok", "s", "ex/s", "vs sorted",
                    "vs fixed");
            int hidden = encoder.config().hiddenSize();
            for (TaskConfig task : config.tasks()) {
                Split split = sample(task.read(SplitName.VALIDATION), config.seed());
                TaskSpec taskSpec = split.task();
                TaskHead head = new TaskHead(HeadConfig.of(taskSpec.kind(), taskSpec.labelNames().size(),
                        config.pooling(), 0f, task.pairEncoding()), hidden);
                head.initializeParameters(manager, hidden);
                head.freezeParameters(true);
                EncodedSplit least = EncodedSplit.of(split, text, task.pairEncoding(), batchSize,
                        EncodedSplit.Batching.LEAST_PADDING);
                EncodedSplit sorted = EncodedSplit.of(split, text, task.pairEncoding(), batchSize,
                        EncodedSplit.Batching.SORTED_SLICES);
                EncodedSplit fixed = EncodedSplit.of(split, text, task.pairEncoding(), batchSize,
                        EncodedSplit.Batching.FIXED_LENGTH);
                double l = time(encoder, head, least, manager);
                double s = time(encoder, head, sorted, manager);
                double f = time(encoder, head, fixed, manager);
                int n = split.size();
                out.printf("%-13s %8d  %10d %7.2f %7.1f  %10d %7.2f %7.1f  %10d %7.2f %7.1f  %9.2fx %9.2fx%n",
                        task.name(), n, least.paddedTokens(), l, n / l, sorted.paddedTokens(), s, n / s,
                        fixed.paddedTokens(), f, n / f, s / l, f / l);
                out.flush();
            }
        }
        return 0;
    }

    /**
     * What each search evaluation pays before inference: all encoder weights written into the resident encoder
     * (best of {@link #REPEATS} after a warm-up), against a plain in-JVM copy of the same floats.
     */
    private static void weightWrite(PrintWriter out, BertEncoder encoder, Map<String, float[]> weights) {
        long floats = weights.values().stream().mapToLong(w -> w.length).sum();
        double write = BenchTiming.bestOf(REPEATS, () -> encoder.loadParameters(weights));
        Map<String, float[]> target = new HashMap<>();
        weights.forEach((name, w) -> target.put(name, new float[w.length]));
        double copy = BenchTiming.bestOf(REPEATS, () -> weights.forEach((name, w) -> System.arraycopy(w, 0, target.get(name), 0, w.length)));
        out.printf("weight write: %d floats (%.1f MiB) into the resident encoder %.1f ms; plain array copy %.1f ms"
                + " (%.2fx)%n", floats, floats * 4.0 / (1 << 20), write * 1e3, copy * 1e3, write / copy);
        out.flush();
    }

    private Split sample(Split all, long seed) {
        if (limit <= 0 || all.size() <= limit) {
            return all;
        }
        List<Example> examples = new ArrayList<>(all.examples());
        Collections.shuffle(examples, new Random(seed));
        return new Split(all.task(), all.name(), examples.subList(0, limit));
    }

    /**
     * Best of {@link #REPEATS} timed passes after one untimed pass (a batch shape's first run allocates): the
     * search scores the same batches again and again, and the minimum is the least noisy estimate on a shared VM.
     */
    private static double time(BertEncoder encoder, TaskHead head, EncodedSplit data, NDManager manager) {
        return BenchTiming.bestOf(REPEATS, () -> TaskScorer.score(encoder, head, data, manager));
    }
}
