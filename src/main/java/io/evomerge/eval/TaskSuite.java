package io.evomerge.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.evomerge.EvomergeException;
import io.evomerge.data.Split;
import io.evomerge.data.SplitName;
import io.evomerge.data.TaskSpec;
import io.evomerge.data.TextEncoder;
import io.evomerge.model.BertConfig;
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
 * tokenized and batched (length-grouped) on first use and cached. {@link #setEncoderWeights} copies a candidate's
 * weights into the resident encoder in place; {@link #evaluate(SplitName)} runs inference only (no gradients) in a
 * sub-manager per batch, so native memory does not grow across calls. The validation split is each task's
 * {@code validation_subset}; the test split is whole. Not thread-safe: one suite per thread.
 */
public final class TaskSuite implements AutoCloseable {
    private final PopulationConfig config;
    private final Population population;
    private final NDManager manager;
    private final BertEncoder encoder;
    private final Map<String, float[]> baseWeights;
    private final Map<String, TaskHead> heads = new LinkedHashMap<>();
    private final Map<String, TaskSpec> specs = new LinkedHashMap<>();
    private final TextEncoder textEncoder;
    private final Map<SplitName, Map<String, EncodedSplit>> data = new EnumMap<>(SplitName.class);

    private TaskSuite(PopulationConfig config, NDManager manager, HfModel base, TextEncoder textEncoder) {
        this.config = config;
        this.population = config.layout();
        this.manager = manager;
        this.textEncoder = textEncoder;
        this.baseWeights = Collections.unmodifiableMap(base.encoder().weightMap());
        encoder = new BertEncoder(base.encoder().config());
        encoder.initializeParameters(manager);
        encoder.loadTensors(base.encoder().weights());
        encoder.freezeParameters(true);
        for (TaskConfig task : config.tasks()) {
            Path dir = population.task(task.name());
            Path metadataFile = dir.resolve(Population.TASK_METADATA);
            if (!Files.isRegularFile(dir.resolve(Population.METRICS))) {
                throw new EvomergeException(dir + " has no finished task model; run: evomerge finetune "
                        + config.file() + " --task " + task.name());
            }
            TaskMetadata metadata = TaskMetadata.read(metadataFile);
            TaskHead head = new TaskHead(metadata.head(), encoder.config().hiddenSize());
            head.initializeParameters(manager, encoder.config().hiddenSize());
            head.load(HfFolders.readHead(dir));
            head.freezeParameters(true);
            heads.put(task.name(), head);
            specs.put(task.name(), task.spec());
        }
    }

    /**
     * Opens the suite for {@code config}'s population ({@code <population>/base/} plus every task folder), on the
     * experiment's device.
     */
    public static TaskSuite open(PopulationConfig config) {
        Population population = config.layout();
        if (!Files.isRegularFile(population.base().resolve("model.safetensors"))) {
            throw new EvomergeException(population.base() + " has no base model; run: evomerge finetune " + config.file());
        }
        HfModel base = HfFolders.read(population.base());
        TextEncoder text;
        try {
            text = TextEncoder.load(population.base().resolve("tokenizer.json"), config.maxLength());
        } catch (IOException e) {
            throw new EvomergeException(population.base().resolve("tokenizer.json") + ": cannot load ("
                    + e.getMessage() + ")", e);
        }
        NDManager manager = NDManager.newBaseManager(Device.fromName(config.device()), "PyTorch");
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
        return encoder.parameterShapes();
    }

    /** The encoder's shape (the population base's config.json). */
    public BertConfig encoderConfig() {
        return encoder.config();
    }

    /** Encoder weights from a safetensors file or HF folder shaped like this suite's encoder (name → values). */
    public Map<String, float[]> readEncoder(Path fileOrFolder) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (NamedTensor t : HfFolders.readEncoder(fileOrFolder, encoder.config())) {
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
        encoder.loadParameters(merged);
    }

    /** Restores the pre-trained weights: with the task heads, the "pre-trained + heads" baseline. */
    public void useBaseEncoder() {
        encoder.loadParameters(baseWeights);
    }

    /** Every task on {@code split} with the current encoder weights. */
    public TaskScores evaluate(SplitName split) {
        Map<String, MetricsResult> results = new LinkedHashMap<>();
        for (String task : heads.keySet()) {
            results.put(task, evaluate(task, split));
        }
        return new TaskScores(split, results, fitness(results));
    }

    /** One task on {@code split} with the current encoder weights. */
    public MetricsResult evaluate(String task, SplitName split) {
        TaskHead head = heads.get(task);
        if (head == null) {
            throw new IllegalArgumentException("no task '" + task + "'; tasks: " + heads.keySet());
        }
        return TaskScorer.score(encoder, head, encoded(task, split), manager);
    }

    /**
     * Loads the task's own fine-tuned encoder ({@code <population>/<task>/}) and scores it on its task. The encoder
     * keeps those weights afterwards: set the next candidate's before evaluating again.
     */
    public MetricsResult evaluateTaskModel(String task, SplitName split) {
        if (!heads.containsKey(task)) {
            throw new IllegalArgumentException("no task '" + task + "'; tasks: " + heads.keySet());
        }
        setEncoderWeights(readEncoder(population.task(task)));
        return evaluate(task, split);
    }

    /** The weighted mean of each task's headline (first) metric; a NaN headline counts as 0. */
    private double fitness(Map<String, MetricsResult> results) {
        double sum = 0;
        double weights = 0;
        for (TaskConfig task : config.tasks()) {
            double value = results.get(task.name()).get(specs.get(task.name()).metrics().getFirst());
            sum += task.weight() * (Double.isNaN(value) ? 0 : value);
            weights += task.weight();
        }
        return weights == 0 ? 0 : sum / weights;
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
        textEncoder.close();
    }
}
