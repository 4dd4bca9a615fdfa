package io.evomerge.finetune;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evomerge.EvomergeException;
import io.evomerge.ShortHash;
import io.evomerge.checkpoint.AtomicFiles;
import io.evomerge.data.Batch;
import io.evomerge.data.EncodedText;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.Split;
import io.evomerge.data.SplitName;
import io.evomerge.data.TaskKind;
import io.evomerge.data.TaskSpec;
import io.evomerge.data.TextEncoder;
import io.evomerge.eval.EncodedSplit;
import io.evomerge.eval.MetricsResult;
import io.evomerge.eval.TaskScorer;
import io.evomerge.model.BertEncoder;
import io.evomerge.model.HeadConfig;
import io.evomerge.model.HfFolders;
import io.evomerge.model.HfModel;
import io.evomerge.model.TaskHead;
import io.evomerge.model.TaskModel;
import io.evomerge.population.FinetuneConfig;
import io.evomerge.population.Population;
import io.evomerge.population.PopulationConfig;
import io.evomerge.population.TaskConfig;
import io.evomerge.population.TaskMetadata;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Fine-tunes the whole encoder plus a fresh head per task from the experiment's backbone with DJL's Trainer: AdamW,
 * linear warm-up then linear decay to 0, seeded head init, shuffles and dropout, length-grouped batches. Writes
 * {@code <population>/base/} once and {@code <population>/<task>/} per task (see {@link Population}); a task whose
 * {@code metrics.json} carries the same settings hash is skipped.
 */
public final class Finetuner {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Bumped when training changes in a way that makes older task models stale. */
    private static final int TRAINING_VERSION = 1;

    private final PopulationConfig config;
    private final PrintWriter out;
    private final boolean progressBar;

    public Finetuner(PopulationConfig config, PrintWriter out, boolean progressBar) {
        this.config = config;
        this.out = out;
        this.progressBar = progressBar;
    }

    /** What one task's fine-tune produced (or found already done). */
    public record Outcome(String task, String settingsHash, boolean skipped, MetricsResult validation,
                          MetricsResult test, int steps, double seconds) {
    }

    /** Fine-tunes {@code tasks} (in order), writing the base folder first when it is missing. */
    public List<Outcome> run(List<TaskConfig> tasks) {
        if (config.images()) {
            return new ImageFinetuner(config, out).run(tasks);
        }
        Population population = config.layout();
        // the reader checked validation and test; a task to train also needs its train split, checked before any
        // task trains rather than after the ones before it
        for (TaskConfig t : tasks) {
            Path train = t.file(SplitName.TRAIN);
            if (!Files.isRegularFile(train) && currentHash(t, population) == null) {
                throw new EvomergeException(config.file() + ": tasks[" + config.tasks().indexOf(t) + "].path: the "
                        + "task's train split " + train + " is missing, and " + t.name() + " has no model yet; give "
                        + "the folder that holds the task's splits");
            }
        }
        HfModel base = config.backbone().load();
        Path tokenizer = base.encoder().tokenizerJson();
        if (!Files.isRegularFile(tokenizer)) {
            throw new EvomergeException(tokenizer + " is missing: the backbone folder needs a tokenizer.json");
        }
        if (!Files.isRegularFile(population.base().resolve("model.safetensors"))) {
            HfFolders.write(population.base(), base.encoder().config(), base.encoder().weights(), tokenizer);
            out.println("wrote the base model to " + population.base());
        }
        return tasks.stream().map(t -> runTask(t, base, tokenizer, population)).toList();
    }

    /**
     * A short hash of everything that determines a task model: a change means the model must be re-trained. The
     * data enter by content, so the same files in another folder (another clone, another machine) give the same
     * hash. A bundled backbone enters by name, a folder backbone by its absolute path.
     */
    public String settingsHash(TaskConfig task) {
        return hash(settings(task, false));
    }

    /**
     * The hash of models fine-tuned before the data entered by content (up to the fifth session): it named the data
     * by absolute path and had no pair encoding, since every model was a cross-encoder. Populations built then stay
     * valid where their data still is.
     */
    private String legacySettingsHash(TaskConfig task) {
        return task.pairEncoding() == PairEncoding.CROSS_ENCODER ? hash(settings(task, true)) : null;
    }

    private static String hash(ObjectNode settings) {
        try {
            return ShortHash.of(JSON.writeValueAsString(settings).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode settings(TaskConfig task, boolean legacy) {
        ObjectNode s = JSON.createObjectNode();
        s.put("training_version", TRAINING_VERSION);
        s.put("backbone", config.backbone().describe());
        s.put("max_length", config.maxLength());
        s.put("pooling", config.pooling().key());
        s.put("seed", task.finetune().seedOr(config.seed()));
        s.put("task", task.name());
        s.put("source", task.source().key());
        if (legacy) {
            s.put("path", task.path().toString());
        } else {
            s.put("data", dataFingerprint(task));
        }
        s.put("glue_task", task.glueTask() == null ? null : task.glueTask().directory());
        s.put("train_subset", task.trainSubset());
        s.set("finetune", JSON.valueToTree(task.finetune()));
        if (!legacy) {
            s.put("pair_encoding", task.pairEncoding().key());
        }
        return s;
    }

    private static String dataFingerprint(TaskConfig task) {
        try {
            return ShortHash.ofFiles(task.dataFiles());
        } catch (UncheckedIOException e) {
            throw new EvomergeException(e.getMessage() + "; check the task's path", e);
        }
    }

    /** The settings hash of the task's stored model when it is up to date, else null. */
    private String currentHash(TaskConfig task, Population population) {
        JsonNode previous = readJson(population.task(task.name()).resolve(Population.METRICS));
        String stored = previous == null ? null : previous.path("settings_hash").asText();
        return stored != null && (stored.equals(settingsHash(task)) || stored.equals(legacySettingsHash(task)))
                ? stored : null;
    }

    private Outcome runTask(TaskConfig task, HfModel base, Path tokenizer, Population population) {
        Path dir = population.task(task.name());
        Path metricsFile = dir.resolve(Population.METRICS);
        String hash = settingsHash(task);
        String stored = currentHash(task, population);
        if (stored != null) {
            return upToDate(out, task.name(), dir, stored);
        }
        removeStaleMetrics(metricsFile);
        long t0 = System.nanoTime();
        FinetuneConfig ft = task.finetune();
        TaskSpec spec = task.spec();
        HeadConfig headConfig = HeadConfig.of(spec.kind(), spec.labelNames().size(), config.pooling(),
                (float) ft.dropout(), task.pairEncoding());
        Device device = Device.fromName(config.device());
        long taskSeed = ft.seedOr(config.seed());
        long seed = taskSeed * 1_000_003L + task.name().hashCode();
        Engine.getInstance().setRandomSeed((int) seed);
        Random rng = new Random(seed);

        try (TextEncoder encoder = TextEncoder.load(tokenizer, config.maxLength());
             Model model = Model.newInstance(task.name(), device)) {
            Split read = task.read(SplitName.TRAIN, taskSeed);
            Split train = ft.swapsPairs() ? swapped(read, task) : read;
            List<EncodedText> rows = encode(encoder, train, task);
            int choices = spec.kind() == TaskKind.MULTIPLE_CHOICE ? train.examples().getFirst().choices().size() : 1;
            int perEpoch = TrainBatches.batchesPerEpoch(train.size(), ft.batchSize());
            int total = ft.maxSteps() != null ? ft.maxSteps() : ft.epochs() * perEpoch;
            int warmup = (int) Math.round(ft.warmup() * total);

            TaskModel block = new TaskModel(new BertEncoder(base.encoder().config()),
                    new TaskHead(headConfig, base.encoder().config().hiddenSize()));
            model.setBlock(block);
            DefaultTrainingConfig training = new DefaultTrainingConfig(new TaskLoss(spec.kind(), choices))
                    .optDevices(new Device[] {device})
                    .optOptimizer(Optimizer.adamW().optLearningRateTracker(schedule(ft.learningRate(), warmup, total))
                            .optWeightDecays((float) ft.weightDecay()).build());
            double lastLoss;
            int steps = 0;
            try (Trainer trainer = model.newTrainer(training)) {
                Shape shape = new Shape(1, 8);
                trainer.initialize(shape, shape, shape);
                block.encoder().loadTensors(base.encoder().weights());
                if (ft.linearProbeSteps() != null) {
                    linearProbe(block, task, train, encoder, model.getNDManager());
                }
                int evalBatch = config.evaluation().batchSize();
                NDManager manager = model.getNDManager();
                BestEpoch best = ft.keepsBestEpoch() ? new BestEpoch(spec.metrics().getFirst()) : null;
                IntConsumer afterEpoch = best == null ? epoch -> { }
                        : validateEachEpoch(task, block, best, encoded(task, SplitName.VALIDATION, encoder, evalBatch),
                                manager);
                lastLoss = train(trainer, task, spec, train, rows, encoder.padId(), total, rng, afterEpoch);
                steps = total;
                if (best != null) {
                    out.printf("%s: keeping epoch %d, the best on validation%n", task.name(), best.restore(block));
                }
                block.freezeParameters(true);
                // the kept epoch was scored on the whole validation split already
                MetricsResult validation = best != null ? best.bestValidation()
                        : TaskScorer.score(block.encoder(), block.head(),
                                encoded(task, SplitName.VALIDATION, encoder, evalBatch), manager);
                MetricsResult test = TaskScorer.score(block.encoder(), block.head(),
                        encoded(task, SplitName.TEST, encoder, evalBatch), manager);
                double seconds = (System.nanoTime() - t0) / 1e9;

                HfFolders.write(dir, base.encoder().config(), HfFolders.tensors(block.encoder()), tokenizer);
                HfFolders.writeHead(dir, block.head());
                new TaskMetadata(task.name(), spec.labelNames(), headConfig).write(dir.resolve(Population.TASK_METADATA));
                writeMetrics(metricsFile, task, hash, read.size(), steps, lastLoss, seconds, validation, test, best);
                out.printf("%s: %d steps in %.0f s, final loss %.4f; validation %s; test %s -> %s%n", task.name(),
                        steps, seconds, lastLoss, validation, test, dir);
                out.flush();
                return new Outcome(task.name(), hash, false, validation, test, steps, seconds);
            }
        } catch (IOException e) {
            throw new EvomergeException(tokenizer + ": cannot load the tokenizer (" + e.getMessage() + ")", e);
        }
    }

    /** LP-FT's first stage: the head fitted alone on the pre-trained encoder's features of the training set. */
    private void linearProbe(TaskModel block, TaskConfig task, Split train, TextEncoder encoder, NDManager manager) {
        TaskKind kind = task.spec().kind();
        if (kind == TaskKind.MULTIPLE_CHOICE) {
            throw new EvomergeException(config.file() + ": tasks." + task.name()
                    + ".finetune.linear_probe_steps does not apply to multiple-choice tasks; remove it");
        }
        HeadConfig head = block.head().config();
        float[] x = TaskScorer.features(block.encoder(), block.head(),
                EncodedSplit.of(train, encoder, task.pairEncoding(), config.evaluation().batchSize()), manager);
        double[] y = train.examples().stream()
                .mapToDouble(e -> kind == TaskKind.REGRESSION ? e.label() : e.classIndex()).toArray();
        LinearProbe.Fit fit = LinearProbe.fit(x, head.features(block.encoder().config().hiddenSize()), head.outputs(),
                y, task.finetune().linearProbeSteps());
        block.head().load(Map.of("head.dense.weight", fit.weight(), "head.dense.bias", fit.bias()));
        MetricsResult validation = TaskScorer.score(block.encoder(), block.head(),
                encoded(task, SplitName.VALIDATION, encoder, config.evaluation().batchSize()), manager);
        out.printf("%s: linear probe (%d steps) on the pre-trained encoder: validation %s%n", task.name(),
                task.finetune().linearProbeSteps(), validation);
        out.flush();
    }

    /** After each epoch: score the whole validation split and offer the weights to {@code best}. */
    private IntConsumer validateEachEpoch(TaskConfig task, TaskModel block, BestEpoch best, EncodedSplit validation,
                                          NDManager manager) {
        return epoch -> {
            MetricsResult score = TaskScorer.score(block.encoder(), block.head(), validation, manager);
            best.offer(epoch, score, block);
            out.printf("%s: epoch %d: validation %s%n", task.name(), epoch, score);
            out.flush();
        };
    }

    private static Split swapped(Split train, TaskConfig task) {
        try {
            return train.withSwappedPairs();
        } catch (IllegalArgumentException e) {
            throw new EvomergeException(task.path() + ": " + e.getMessage() + "; remove finetune.swap_pairs", e);
        }
    }

    private static List<EncodedText> encode(TextEncoder encoder, Split split, TaskConfig task) {
        try {
            return encoder.encode(split, task.pairEncoding());
        } catch (IllegalArgumentException e) {
            throw new EvomergeException(task.path() + ": " + e.getMessage(), e);
        }
    }

    private static EncodedSplit encoded(TaskConfig task, SplitName split, TextEncoder encoder, int batchSize) {
        try {
            return EncodedSplit.of(task.read(split), encoder, task.pairEncoding(), batchSize);
        } catch (IllegalArgumentException e) {
            throw new EvomergeException(task.path() + ": " + e.getMessage(), e);
        }
    }

    /** The one line for a non-finite loss or gradient norm: clipping is suggested only where it is not set yet. */
    static String divergedMessage(TaskConfig task, int step) {
        return task.name() + ": training diverged at step " + step + " (the loss or the gradient norm is not finite);"
                + " lower finetune.learning_rate" + (task.finetune().maxGradNorm() != null ? ""
                : " or set finetune.max_grad_norm (1.0 is Hugging Face's default)");
    }

    /**
     * Runs {@code total} optimizer steps over as many epochs as needed, calling {@code afterEpoch} with each pass's
     * number (the last may be partial); returns the mean loss of the last 50 steps.
     */
    private double train(Trainer trainer, TaskConfig task, TaskSpec spec, Split train, List<EncodedText> rows,
                         long padId, int total, Random rng, IntConsumer afterEpoch) {
        int batchSize = task.finetune().batchSize();
        double[] recent = new double[Math.min(50, total)];
        double ema = Double.NaN;
        int step = 0;
        int epoch = 0;
        ProgressBar bar = progressBar ? new ProgressBarBuilder().setTaskName(task.name()).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).build() : null;
        try {
            while (step < total) {
                for (TrainBatches.Step batch : TrainBatches.epoch(rows, spec.kind(), task.pairEncoding(), batchSize,
                        padId, rng)) {
                    if (step == total) {
                        break;
                    }
                    double loss = step(trainer, spec, train, batch, task.finetune().maxGradNorm());
                    if (!Double.isFinite(loss)) {
                        throw new EvomergeException(divergedMessage(task, step + 1));
                    }
                    recent[step % recent.length] = loss;
                    ema = Double.isNaN(ema) ? loss : 0.98 * ema + 0.02 * loss;
                    step++;
                    if (bar != null) {
                        bar.step();
                        bar.setExtraMessage(String.format(" loss %.4f", ema));
                    }
                }
                afterEpoch.accept(++epoch);
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        double sum = 0;
        for (double v : recent) {
            sum += v;
        }
        return sum / recent.length;
    }

    private static double step(Trainer trainer, TaskSpec spec, Split train, TrainBatches.Step batch,
                               Double maxGradNorm) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDList inputs = new NDList();
            for (Batch part : batch.parts()) {
                Shape shape = new Shape(part.rows(), part.length());
                inputs.add(scope.create(flat(part.inputIds()), shape));
                inputs.add(scope.create(flat(part.attentionMask()), shape));
                inputs.add(scope.create(flat(part.tokenTypeIds()), shape));
            }
            NDArray labels = labels(scope, spec, train, batch.parts().getFirst());
            float loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList scores = trainer.forward(inputs);
                NDArray value = trainer.getLoss().evaluate(new NDList(labels), scores);
                loss = value.getFloat();
                if (!Float.isFinite(loss)) {
                    return loss; // diverged: the caller stops before any update spreads it to the weights
                }
                collector.backward(value);
            }
            if (maxGradNorm != null && !Double.isFinite(clipGradients(trainer, maxGradNorm))) {
                return Double.NaN; // the caller stops before the update spreads it to the weights
            }
            trainer.step();
            return loss;
        }
    }

    /** Clips the trainable parameters' gradients to {@code maxNorm}; returns their norm before clipping. */
    private static double clipGradients(Trainer trainer, double maxNorm) {
        List<NDArray> gradients = new ArrayList<>();
        try {
            for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    gradients.add(p.getValue().getArray().getGradient());
                }
            }
            return GradientClipping.clip(gradients, maxNorm);
        } finally {
            gradients.forEach(NDArray::close); // handles to the gradients, not the gradients themselves
        }
    }

    /** One label per example in the batch, taken from its first row (choice 0; a bi-encoder step's first part). */
    private static NDArray labels(NDManager scope, TaskSpec spec, Split train, Batch batch) {
        int[] examples = batch.examples();
        int[] choices = batch.choices();
        int[] first = IntStream.range(0, examples.length).filter(r -> choices[r] == 0).map(r -> examples[r]).toArray();
        if (spec.kind() == TaskKind.REGRESSION) {
            float[] y = new float[first.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) train.examples().get(first[i]).label();
            }
            return scope.create(y);
        }
        long[] y = Arrays.stream(first).mapToLong(e -> train.examples().get(e).classIndex()).toArray();
        return scope.create(y).toType(DataType.INT64, false);
    }

    private static long[] flat(long[][] rows) {
        int length = rows[0].length;
        long[] out = new long[rows.length * length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * length, length);
        }
        return out;
    }

    /** Linear warm-up from 0 to {@code peak} over {@code warmup} steps, then linear decay to 0 at {@code total}. */
    static Tracker schedule(double peak, int warmup, int total) {
        return numUpdate -> {
            int step = Math.max(numUpdate, 1); // DJL counts a parameter's updates from 1
            double lr = step <= warmup ? peak * step / Math.max(warmup, 1)
                    : peak * Math.max(0, total - step) / Math.max(1, total - warmup);
            return (float) lr;
        };
    }

    private void writeMetrics(Path file, TaskConfig task, String hash, int trainExamples, int steps, double loss,
                              double seconds, MetricsResult validation, MetricsResult test, BestEpoch best) {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", task.name());
        root.put("settings_hash", hash);
        root.set("settings", settings(task, false));
        root.put("train_examples", trainExamples);
        root.put("steps", steps);
        root.put("final_loss", loss);
        root.put("seconds", Math.round(seconds * 10) / 10.0);
        root.set("validation", metrics(validation));
        root.set("test", metrics(test));
        if (best != null) {
            var epochs = root.putArray("epochs");
            best.scores().forEach(e -> epochs.addObject().put("epoch", e.epoch()).set("validation",
                    metrics(e.validation())));
            root.put("kept_epoch", best.bestEpoch());
        }
        ObjectNode machine = root.putObject("machine");
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.version"));
        machine.put("device", config.device());
        try {
            AtomicFiles.writeString(file, JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new EvomergeException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    private static ObjectNode metrics(MetricsResult result) {
        ObjectNode node = JSON.createObjectNode();
        result.asMap().forEach((metric, value) -> node.put(metric.key(), value));
        return node;
    }

    /** A task folder whose metrics.json carries the current settings hash: reported and kept as it is. */
    static Outcome upToDate(PrintWriter out, String task, Path dir, String hash) {
        JsonNode previous = readJson(dir.resolve(Population.METRICS));
        out.printf("%s: up to date in %s (settings %s), skipped%n", task, dir, hash);
        out.flush();
        return new Outcome(task, hash, true, null, null, previous.path("steps").asInt(),
                previous.path("seconds").asDouble());
    }

    /** Removes a task's old metrics.json before training: the folder is incomplete until the new one lands. */
    static void removeStaleMetrics(Path metricsFile) {
        try {
            Files.deleteIfExists(metricsFile);
        } catch (IOException e) {
            throw new EvomergeException(metricsFile + ": cannot remove the stale file (" + e.getMessage() + ")", e);
        }
    }

    /** The file's JSON, or null when it is absent or unreadable (the task is then trained again). */
    static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }
}
