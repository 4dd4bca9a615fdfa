package io.evomerge.finetune;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evomerge.EvomergeException;
import io.evomerge.ShortHash;
import io.evomerge.checkpoint.AtomicFiles;
import io.evomerge.data.ImageCache;
import io.evomerge.data.ImagePreprocessing;
import io.evomerge.data.ImageTensors;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.SplitName;
import io.evomerge.data.TaskKind;
import io.evomerge.data.TaskSpec;
import io.evomerge.eval.ImageScorer;
import io.evomerge.eval.MetricsResult;
import io.evomerge.model.ClipFolders;
import io.evomerge.model.ClipVisionTower;
import io.evomerge.model.HeadConfig;
import io.evomerge.model.HfFolders;
import io.evomerge.model.ImageClassifier;
import io.evomerge.model.Pooling;
import io.evomerge.model.TaskHead;
import io.evomerge.model.VisionFolders;
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
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fine-tunes one CLIP vision tower per image task as the PCB paper's vision recipe does, heads frozen: a linear head
 * is first fitted alone on the pre-trained tower's pooled features (a linear probe, {@code linear_probe_steps}, default
 * {@link #DEFAULT_PROBE_STEPS}), then frozen while the tower is fine-tuned under it. Writes {@code <population>/base/}
 * (the backbone as a CLIPVisionModel folder) and {@code <population>/<task>/} (the tower, {@code head.safetensors},
 * {@code task.json}, {@code metrics.json}); a task whose metrics.json carries the same settings hash is skipped.
 * Images are preprocessed as the backbone's {@code preprocessor_config.json} says, through the image cache.
 */
public final class ImageFinetuner {
    static final int DEFAULT_PROBE_STEPS = 500;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int TRAINING_VERSION = 1;

    private final PopulationConfig config;
    private final PrintWriter out;
    private final ImageCache cache = ImageCache.atDefaultLocation();

    public ImageFinetuner(PopulationConfig config, PrintWriter out) {
        this.config = config;
        this.out = out;
    }

    /** Pre-trains the base when the experiment says so and it is not done, then fine-tunes {@code tasks}. */
    public List<Finetuner.Outcome> run(List<TaskConfig> tasks) {
        if (config.pretrain() != null) {
            new Pretrainer(config.pretrain(), config.seed(), config.device(), config.evaluation().batchSize(), out)
                    .run();
        }
        Path backbone = config.backbone().folder();
        ClipFolders.Vision base = ClipFolders.vision(backbone);
        ImagePreprocessing preprocessing = preprocessing(config);
        Population population = config.layout();
        boolean stale = tasks.stream().anyMatch(t -> currentHash(t, population) == null);
        if (stale || !Files.isRegularFile(population.base().resolve("model.safetensors"))) {
            // the base is rewritten with the tasks trained from it, so the two always match
            VisionFolders.write(population.base(), base.config(), base.weights(), preprocessing);
            out.println("wrote the base model to " + population.base());
        }
        return tasks.stream().map(t -> runTask(t, base, preprocessing, population)).toList();
    }

    /** The backbone folder's preprocessing, else CLIP's recipe at the tower's size. */
    public static ImagePreprocessing preprocessing(PopulationConfig config) {
        Path folder = config.backbone().folder();
        int side = config.pretrain() != null ? config.pretrain().model().imageSize()
                : ClipFolders.vision(folder).config().imageSize();
        return ImagePreprocessing.read(folder, ImagePreprocessing.clip(side));
    }

    public String settingsHash(TaskConfig task) {
        try {
            return ShortHash.of(JSON.writeValueAsString(settings(task)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode settings(TaskConfig task) {
        ObjectNode s = JSON.createObjectNode();
        s.put("training_version", TRAINING_VERSION);
        Path backbone = config.backbone().folder();
        try {
            // the base enters by content: a re-trained base makes every task model stale
            s.put("backbone", ShortHash.ofFiles(List.of(backbone.resolve("config.json"),
                    backbone.resolve("model.safetensors"))));
            s.put("data", ShortHash.ofFiles(task.dataFiles()));
        } catch (UncheckedIOException e) {
            throw new EvomergeException(e.getMessage() + "; check the backbone and tasks[].path", e);
        }
        s.put("preprocessing", preprocessing(config).hash());
        s.put("seed", task.finetune().seedOr(config.seed()));
        s.put("task", task.name());
        s.put("source", task.source().key());
        s.put("train_subset", task.trainSubset());
        s.set("holdout", JSON.valueToTree(task.images()));
        s.set("finetune", JSON.valueToTree(task.finetune()));
        s.put("probe_steps", probeSteps(task.finetune()));
        return s;
    }

    private static int probeSteps(FinetuneConfig ft) {
        return ft.linearProbeSteps() != null ? ft.linearProbeSteps() : DEFAULT_PROBE_STEPS;
    }

    private String currentHash(TaskConfig task, Population population) {
        Path file = population.task(task.name()).resolve(Population.METRICS);
        if (!Files.isRegularFile(config.backbone().folder().resolve("model.safetensors"))) {
            return null;
        }
        JsonNode previous = Finetuner.readJson(file);
        String stored = previous == null ? null : previous.path("settings_hash").asText();
        return settingsHash(task).equals(stored) ? stored : null;
    }

    private Finetuner.Outcome runTask(TaskConfig task, ClipFolders.Vision base, ImagePreprocessing preprocessing,
                                      Population population) {
        Path dir = population.task(task.name());
        Path metricsFile = dir.resolve(Population.METRICS);
        String hash = settingsHash(task);
        if (hash.equals(currentHash(task, population))) {
            return Finetuner.upToDate(out, task.name(), dir, hash);
        }
        Finetuner.removeStaleMetrics(metricsFile);
        long t0 = System.nanoTime();
        FinetuneConfig ft = task.finetune();
        TaskSpec spec = task.spec();
        long taskSeed = ft.seedOr(config.seed());
        long seed = taskSeed * 1_000_003L + task.name().hashCode();
        Engine.getInstance().setRandomSeed((int) seed);
        Random rng = new Random(seed);
        ImageTensors train = task.imageTensors(SplitName.TRAIN, taskSeed, preprocessing, cache);
        HeadConfig headConfig = HeadConfig.of(TaskKind.CLASSIFICATION, spec.labelNames().size(), Pooling.CLS,
                (float) ft.dropout(), PairEncoding.CROSS_ENCODER);
        int hidden = base.config().hiddenSize();
        int total = ImageTraining.steps(ft, train.count());
        Device device = Device.fromName(config.device());
        int evalBatch = config.evaluation().batchSize();
        try (Model model = Model.newInstance(task.name(), device)) {
            ImageClassifier block = new ImageClassifier(new ClipVisionTower(base.config(), base.projection()),
                    new TaskHead(headConfig, hidden));
            model.setBlock(block);
            double loss;
            MetricsResult probed;
            try (Trainer trainer = ImageTraining.trainer(model, ft, total, device)) {
                trainer.initialize(ImageTraining.inputShape(block));
                block.tower().loadTensors(base.weights());
                NDManager manager = model.getNDManager();
                float[] features = ImageScorer.features(block.tower(), train, evalBatch, manager);
                double[] y = new double[train.count()];
                for (int i = 0; i < y.length; i++) {
                    y[i] = train.labels()[i];
                }
                LinearProbe.Fit fit = LinearProbe.fit(features, hidden, headConfig.outputs(), y, probeSteps(ft));
                block.head().load(Map.of("head.dense.weight", fit.weight(), "head.dense.bias", fit.bias()));
                block.head().freezeParameters(true); // the paper's frozen head: only the tower is fine-tuned
                probed = score(task, block, SplitName.VALIDATION, preprocessing, manager);
                out.printf("%s: linear probe (%d steps) on the pre-trained tower: validation %s%n", task.name(),
                        probeSteps(ft), probed);
                out.flush();
                loss = ImageTraining.train(trainer, train, ft, total, rng, task.name(), out, Math.max(1, total / 4));
            }
            block.freezeParameters(true);
            NDManager manager = model.getNDManager();
            MetricsResult validation = score(task, block, SplitName.VALIDATION, preprocessing, manager);
            MetricsResult test = score(task, block, SplitName.TEST, preprocessing, manager);
            double seconds = (System.nanoTime() - t0) / 1e9;
            VisionFolders.write(dir, base.config(), VisionFolders.tensors(block.tower()), preprocessing);
            HfFolders.writeHead(dir, block.head());
            new TaskMetadata(task.name(), spec.labelNames(), headConfig).write(dir.resolve(Population.TASK_METADATA));
            writeMetrics(metricsFile, task, hash, train.count(), total, loss, seconds, probed, validation, test);
            out.printf("%s: %d steps in %.0f s, final loss %.4f; validation %s; test %s -> %s%n", task.name(), total,
                    seconds, loss, validation, test, dir);
            out.flush();
            return new Finetuner.Outcome(task.name(), hash, false, validation, test, total, seconds);
        }
    }

    private MetricsResult score(TaskConfig task, ImageClassifier block, SplitName split,
                                ImagePreprocessing preprocessing, NDManager manager) {
        ImageTensors images = task.imageTensors(split, config.seed(), preprocessing, cache);
        return ImageScorer.predict(block.tower(), block.head(), images, config.evaluation().batchSize(), manager)
                .metrics(task.spec().metrics());
    }

    private void writeMetrics(Path file, TaskConfig task, String hash, int trainExamples, int steps, double loss,
                              double seconds, MetricsResult probed, MetricsResult validation, MetricsResult test) {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", task.name());
        root.put("settings_hash", hash);
        root.set("settings", settings(task));
        root.put("train_examples", trainExamples);
        root.put("steps", steps);
        root.put("final_loss", loss);
        root.put("seconds", Math.round(seconds * 10) / 10.0);
        root.set("linear_probe_validation", metrics(probed));
        root.set("validation", metrics(validation));
        root.set("test", metrics(test));
        root.set("machine", machine(config.device()));
        try {
            AtomicFiles.writeString(file, JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new EvomergeException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    static ObjectNode metrics(MetricsResult result) {
        ObjectNode node = JSON.createObjectNode();
        result.asMap().forEach((metric, value) -> node.put(metric.key(), value));
        return node;
    }

    static ObjectNode machine(String device) {
        ObjectNode machine = JSON.createObjectNode();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.version"));
        machine.put("device", device);
        return machine;
    }

}
