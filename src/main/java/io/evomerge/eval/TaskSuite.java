package io.evomerge.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.evomerge.EvomergeException;
import io.evomerge.data.Metric;
import io.evomerge.data.Split;
import io.evomerge.data.SplitName;
import io.evomerge.data.TaskSpec;
import io.evomerge.data.TextEncoder;
import io.evomerge.data.ImageCache;
import io.evomerge.data.ImagePreprocessing;
import io.evomerge.data.ImageTensors;
import io.evomerge.model.ClipFolders;
import io.evomerge.model.ClipVisionTower;
import io.evomerge.model.HfBlock;
import io.evomerge.model.VisionFolders;
import io.evomerge.model.BertEncoder;
import io.evomerge.model.HfFolders;
import io.evomerge.model.HfModel;
import io.evomerge.model.NamedTensor;
import io.evomerge.model.ParameterShape;
import io.evomerge.model.TaskHead;
import io.evomerge.population.Population;
import io.evomerge.population.PopulationConfig;
import io.evomerge.population.TaskConfig;
import io.evomerge.population.TaskMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores encoder weights on every task of an experiment, built once and called thousands of times by the search.
 *
 * <p>Opening it loads the population's base encoder into DJL once, each task's head, and the tokenizer; a split is
 * tokenized and batched (length-grouped) on first use and cached. For image tasks the encoder is the base's CLIP
 * vision tower, and a split's images come preprocessed from the image cache (decoded once, held in memory). {@link #setEncoderWeights} copies a candidate's
 * weights into the resident encoder in place; {@link #evaluate(SplitName)} runs inference only (no gradients) in a
 * sub-manager per batch, so native memory does not grow across calls. The validation split is each task's
 * {@code validation_subset}; the test split is whole. Not thread-safe: one suite per thread.
 */
public final class TaskSuite implements AutoCloseable {
    private final PopulationConfig config;
    private final Population population;
    private final NDManager manager;
    /** The text encoder, or null for image tasks. */
    private final BertEncoder encoder;
    /** The CLIP vision tower of image tasks, or null for text tasks. */
    private final ClipVisionTower vision;
    /** Whichever of the two this suite runs: the weights a candidate sets. */
    private final HfBlock block;
    private final Map<String, float[]> baseWeights;
    private final Map<String, TaskHead> heads = new LinkedHashMap<>();
    private final Map<String, TaskSpec> specs = new LinkedHashMap<>();
    private final TextEncoder textEncoder;
    private final Map<SplitName, Map<String, EncodedSplit>> data = new EnumMap<>(SplitName.class);
    private final ImagePreprocessing preprocessing;
    private final ImageCache imageCache;
    private final Map<SplitName, Map<String, ImageTensors>> images = new EnumMap<>(SplitName.class);

    private TaskSuite(PopulationConfig config, NDManager manager, HfModel base, TextEncoder textEncoder) {
        this(config, manager, textEncoder, new BertEncoder(base.encoder().config()), null, base.encoder().weights());
    }

    private TaskSuite(PopulationConfig config, NDManager manager, ClipFolders.Vision base) {
        this(config, manager, null, null, new ClipVisionTower(base.config(), base.projection()), base.weights());
    }

    private TaskSuite(PopulationConfig config, NDManager manager, TextEncoder textEncoder, BertEncoder encoder,
                      ClipVisionTower vision, List<NamedTensor> weights) {
        this.config = config;
        this.population = config.layout();
        this.manager = manager;
        this.textEncoder = textEncoder;
        this.encoder = encoder;
        this.vision = vision;
        this.block = encoder != null ? encoder : vision;
        Map<String, float[]> map = new LinkedHashMap<>();
        weights.forEach(t -> map.put(t.name(), t.data()));
        this.baseWeights = Collections.unmodifiableMap(map);
        this.preprocessing = vision != null ? ImagePreprocessing.read(population.base(),
                ImagePreprocessing.clip(vision.config().imageSize())) : null;
        this.imageCache = vision != null ? ImageCache.atDefaultLocation() : null;
        block.initializeParameters(manager);
        // frozen before the in-place writes: PyTorch's grad mode is per thread, and only the thread that started the
        // engine has it off, so a suite opened on another thread (a Spark task) would refuse to write a leaf that
        // requires gradients
        block.freezeParameters(true);
        block.loadTensors(weights);
        int hidden = encoder != null ? encoder.config().hiddenSize() : vision.config().hiddenSize();
        for (TaskConfig task : config.tasks()) {
            Path dir = population.task(task.name());
            Path metadataFile = dir.resolve(Population.TASK_METADATA);
            if (!Files.isRegularFile(dir.resolve(Population.METRICS))) {
                throw new EvomergeException(dir + " has no finished task model; run: evomerge finetune "
                        + config.file() + " --task " + task.name());
            }
            TaskMetadata metadata = TaskMetadata.read(metadataFile);
            TaskHead head = new TaskHead(metadata.head(), hidden);
            head.initializeParameters(manager, hidden);
            head.freezeParameters(true);
            head.load(HfFolders.readHead(dir));
            heads.put(task.name(), head);
            specs.put(task.name(), task.spec());
        }
    }

    /**
     * Opens the suite for {@code config}'s population ({@code <population>/base/} plus every task folder), on the
     * population's device.
     */
    public static TaskSuite open(PopulationConfig config) {
        return open(config, config.device());
    }

    /** Opens the suite on {@code device} (cpu, gpu, gpu:N): one evaluator of several. */
    public static TaskSuite open(PopulationConfig config, String device) {
        Population population = config.layout();
        if (!Files.isRegularFile(population.base().resolve("model.safetensors"))) {
            throw new EvomergeException(population.base() + " has no base model; run: evomerge finetune " + config.file());
        }
        if (config.images()) {
            ClipFolders.Vision base = ClipFolders.vision(population.base());
            NDManager manager = NDManager.newBaseManager(Device.fromName(device), "PyTorch");
            try {
                return new TaskSuite(config, manager, base);
            } catch (RuntimeException e) {
                manager.close();
                throw e;
            }
        }
        HfModel base = HfFolders.read(population.base());
        TextEncoder text;
        try {
            text = TextEncoder.load(population.base().resolve("tokenizer.json"), config.maxLength());
        } catch (IOException e) {
            throw new EvomergeException(population.base().resolve("tokenizer.json") + ": cannot load ("
                    + e.getMessage() + ")", e);
        }
        NDManager manager = NDManager.newBaseManager(Device.fromName(device), "PyTorch");
        try {
            return new TaskSuite(config, manager, base, text);
        } catch (RuntimeException e) {
            manager.close();
            text.close();
            throw e;
        }
    }

    /** Task names in experiment order. */
    public List<String> tasks() {
        return List.copyOf(heads.keySet());
    }

    /** The encoder's parameter names and shapes (what {@link #setEncoderWeights} expects). */
    public List<ParameterShape> encoderShapes() {
        return block.parameterShapes();
    }

    /** Encoder weights from a safetensors file or HF folder shaped like this suite's encoder (name → values). */
    public Map<String, float[]> readEncoder(Path fileOrFolder) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (NamedTensor t : vision != null ? VisionFolders.readWeights(fileOrFolder, vision)
                : HfFolders.readEncoder(fileOrFolder, encoder.config())) {
            weights.put(t.name(), t.data());
        }
        return weights;
    }

    /** The base (pre-trained) encoder weights, HF names, read-only. */
    public Map<String, float[]> baseWeights() {
        return baseWeights;
    }

    /**
     * Copies {@code merged} into the resident encoder in place (no reload, no new arrays). Every encoder parameter
     * must be present with its size; extra entries are ignored.
     */
    public void setEncoderWeights(Map<String, float[]> merged) {
        block.loadParameters(merged);
    }

    /**
     * The encoder's live parameter arrays by HF name, on the suite's device: writing into them (in place) sets the
     * encoder's weights. Owned by the suite: do not close them.
     */
    public Map<String, NDArray> encoderParameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (ParameterShape p : block.parameterShapes()) out.put(p.name(), block.parameterArray(p.name()));
        return out;
    }

    /** Restores the pre-trained weights: with the task heads, the "pre-trained + heads" baseline. */
    public void useBaseEncoder() {
        block.loadParameters(baseWeights);
    }

    /** Every task on {@code split} with the current encoder weights. */
    public TaskScores evaluate(SplitName split) {
        Map<String, Predictions> predictions = new LinkedHashMap<>();
        for (String task : heads.keySet()) {
            predictions.put(task, predict(task, split));
        }
        return scores(split, predictions);
    }

    /**
     * The metrics, fitness and fitness standard error of every task's predictions: the weighted mean of the
     * headline metrics (a NaN headline counts as 0), resampled {@link #FITNESS_RESAMPLES} times over the examples.
     */
    public TaskScores scores(SplitName split, Map<String, Predictions> predictions) {
        Map<String, MetricsResult> results = new LinkedHashMap<>();
        List<Predictions> ordered = new java.util.ArrayList<>();
        List<Metric> headlines = new java.util.ArrayList<>();
        double[] weights = new double[config.tasks().size()];
        for (int t = 0; t < weights.length; t++) {
            TaskConfig task = config.tasks().get(t);
            Predictions p = predictions.get(task.name());
            results.put(task.name(), p.metrics(specs.get(task.name()).metrics()));
            ordered.add(p);
            headlines.add(specs.get(task.name()).metrics().getFirst());
            weights[t] = task.weight();
        }
        Bootstrap.Estimate fitness = new Bootstrap(FITNESS_RESAMPLES, config.seed()).resample(ordered, headlines)
                .weightedMean(weights);
        return new TaskScores(split, results, predictions, fitness.value(), fitness.standardError());
    }

    /** Resamples behind a fitness's standard error: enough for its first digit, cheap next to an evaluation. */
    static final int FITNESS_RESAMPLES = 200;

    /** One task on {@code split} with the current encoder weights. */
    public MetricsResult evaluate(String task, SplitName split) {
        return predict(task, split).metrics(specs.get(task).metrics());
    }

    /** One task's metrics (headline first) on its predictions. */
    public MetricsResult metrics(String task, Predictions predictions) {
        return predictions.metrics(specs.get(task).metrics());
    }

    /**
     * Every task's predictions for the share [from, to) of its examples on {@code split}, in the split's order (a
     * racing stage): examples ⌈from·n⌉ up to ⌈to·n⌉ (all n at to = 1).
     */
    public Map<String, Predictions> predict(SplitName split, double from, double to) {
        Map<String, Predictions> out = new LinkedHashMap<>();
        for (String task : heads.keySet()) {
            if (vision != null) {
                ImageTensors all = imageTensors(task, split);
                int a = end(from, all.count()), b = end(to, all.count());
                ImageTensors slice = images.computeIfAbsent(split, s -> new LinkedHashMap<>()).computeIfAbsent(
                        task + "#" + a + ":" + b, k -> slice(all, a, b));
                out.put(task, ImageScorer.predict(vision, heads.get(task), slice, config.evaluation().batchSize(),
                        manager));
                continue;
            }
            EncodedSplit all = encoded(task, split);
            int a = end(from, all.examples()), b = end(to, all.examples());
            EncodedSplit slice = data.computeIfAbsent(split, s -> new LinkedHashMap<>()).computeIfAbsent(
                    task + "#" + a + ":" + b, k -> EncodedSplit.of(new Split(all.split().task(), split,
                            all.split().examples().subList(a, b)), textEncoder, heads.get(task).config().pairs(),
                            config.evaluation().batchSize()));
            out.put(task, TaskScorer.predict(encoder, heads.get(task), slice, manager));
        }
        return out;
    }

    private static int end(double fraction, int n) {
        return fraction >= 1 ? n : (int) Math.ceil(fraction * n);
    }

    /** One task's per-example predictions on {@code split} with the current encoder weights. */
    public Predictions predict(String task, SplitName split) {
        TaskHead head = heads.get(task);
        if (head == null) {
            throw new IllegalArgumentException("no task '" + task + "'; tasks: " + heads.keySet());
        }
        if (vision != null) {
            return ImageScorer.predict(vision, head, imageTensors(task, split), config.evaluation().batchSize(),
                    manager);
        }
        return TaskScorer.predict(encoder, head, encoded(task, split), manager);
    }

    /** An image task's split, preprocessed through the image cache (decoded once, then held in memory). */
    ImageTensors imageTensors(String task, SplitName split) {
        return images.computeIfAbsent(split, s -> new LinkedHashMap<>()).computeIfAbsent(task, name ->
                config.task(name).imageTensors(split, config.seed(), preprocessing, imageCache));
    }

    /** Images [a, b) of {@code all}, in order (a racing stage's share). */
    private static ImageTensors slice(ImageTensors all, int a, int b) {
        return new ImageTensors(b - a, all.height(), all.width(), all.batch(a, b),
                java.util.Arrays.copyOfRange(all.labels(), a, b), java.util.Arrays.copyOfRange(all.indices(), a, b),
                List.of(), all.fromCache());
    }

    /**
     * Loads the task's own fine-tuned encoder ({@code <population>/<task>/}) and scores it on its task. The encoder
     * keeps those weights afterwards: set the next candidate's before evaluating again.
     */
    public MetricsResult evaluateTaskModel(String task, SplitName split) {
        return predictTaskModel(task, split).metrics(specs.get(task).metrics());
    }

    /** As {@link #evaluateTaskModel}, each example's prediction. */
    public Predictions predictTaskModel(String task, SplitName split) {
        if (!heads.containsKey(task)) {
            throw new IllegalArgumentException("no task '" + task + "'; tasks: " + heads.keySet());
        }
        setEncoderWeights(readEncoder(population.task(task)));
        return predict(task, split);
    }

    /** The task's split, tokenized and batched on first use. */
    EncodedSplit encoded(String task, SplitName split) {
        return data.computeIfAbsent(split, s -> new LinkedHashMap<>()).computeIfAbsent(task, name -> {
            Split examples = config.task(name).read(split, config.seed());
            return EncodedSplit.of(examples, textEncoder, heads.get(name).config().pairs(),
                    config.evaluation().batchSize());
        });
    }

    /** Arrays currently held by the suite's native manager tree (for leak checks). */
    int liveArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
        if (textEncoder != null) {
            textEncoder.close();
        }
    }
}
