package io.evomerge.experiment;

import io.evomerge.config.Range;
import io.evomerge.config.YamlNode;
import io.evomerge.data.GlueTask;
import io.evomerge.data.HoldOut;
import io.evomerge.data.ImageOptions;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.SplitName;
import io.evomerge.model.Pooling;
import io.evomerge.population.Backbone;
import io.evomerge.population.EvaluationConfig;
import io.evomerge.population.FinetuneConfig;
import io.evomerge.population.PopulationConfig;
import io.evomerge.population.TaskConfig;
import io.evomerge.population.TaskSource;
import io.evomerge.population.PretrainConfig;
import io.evomerge.model.ClipVisionConfig;
import io.evomerge.model.Encoder;
import io.evomerge.model.EncoderKind;
import io.evomerge.model.HiddenAct;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Parses experiment YAML through {@link YamlNode}, so every error names the file and the key path. */
final class ExperimentReader {
    private static final List<String> TOP = List.of("name", "seed", "backbone", "device", "devices", "backend", "max_length", "pooling",
            "population", "tasks", "finetune", "evaluation", "merges", "search", "pretrain");
    private static final List<String> PRETRAIN = List.of("folder", "data", "model", "training");
    private static final List<String> PRETRAIN_MODEL = List.of("image_size", "patch_size", "hidden_size",
            "num_hidden_layers", "num_attention_heads", "intermediate_size", "hidden_act");
    private static final List<String> PRETRAIN_TRAINING = List.of("epochs", "batch_size", "learning_rate", "warmup",
            "weight_decay", "max_steps", "seed");
    /** Fine-tuning keys image tasks do not take (their loop has no pairs, clipping or per-epoch checks). */
    private static final List<String> TEXT_ONLY_FINETUNE = List.of("swap_pairs", "keep_best_epoch", "max_grad_norm");
    private static final List<String> TASK = List.of("name", "source", "path", "glue_task", "train_subset",
            "validation_subset", "weight", "pair_encoding", "finetune", "holdout", "skip_bad_images");
    private static final List<String> HOLDOUT = List.of("validation", "validation_max", "test", "seed");
    private static final List<String> FINETUNE = List.of("epochs", "batch_size", "learning_rate", "warmup",
            "weight_decay", "max_steps", "dropout", "seed", "linear_probe_steps", "max_grad_norm",
            "swap_pairs", "keep_best_epoch");
    private static final List<String> EVALUATION = List.of("batch_size");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern DEVICE = Pattern.compile("cpu|gpu(:\\d+)?");
    private static final Range SEED = Range.closed(0, Integer.MAX_VALUE);
    private static final Range POSITIVE = Range.closed(1, Integer.MAX_VALUE);
    private static final Range BATCH = Range.closed(1, 4096);
    private static final Range FRACTION = new Range(0, true, 1, true);
    private static final int MAX_DEVICES = 64;

    private ExperimentReader() {
    }

    static ExperimentConfig read(Path yaml) {
        YamlNode root = YamlNode.read(yaml);
        Path dir = yaml.toAbsolutePath().getParent();
        root.onlyKeys(TOP);

        String name = root.text("name");
        if (!NAME.matcher(name).matches()) {
            throw root.error("name", "'" + name + "' must be letters, digits, '.', '_' or '-' (it names results/<name>/)");
        }
        long seed = root.integer("seed", SEED, null);
        PretrainConfig pretrain = pretrain(root, dir);
        Backbone backbone = pretrain != null ? new Backbone(null, pretrain.folder()) : backbone(root, dir);
        List<String> devices = devices(root);
        int maxLength = root.integer("max_length", Range.closed(8, 512), 128);
        Pooling pooling = backbone.defaultPooling();
        if (root.has("pooling")) {
            pooling = Pooling.parseOrNull(root.text("pooling"));
            if (pooling == null || pooling == Pooling.POOLER) {
                throw root.error("pooling", "'" + root.text("pooling") + "' is not one of mean, cls");
            }
        }
        Path population = path(dir, root.text("population"));

        FinetuneConfig finetune = finetune(root.mapping("finetune"), FinetuneConfig.DEFAULT);
        EvaluationConfig evaluation = EvaluationConfig.DEFAULT;
        YamlNode evaluationNode = root.mapping("evaluation");
        if (evaluationNode != null) {
            evaluationNode.onlyKeys(EVALUATION);
            evaluation = new EvaluationConfig(evaluationNode.integer("batch_size", BATCH, 32));
        }

        List<TaskConfig> tasks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<YamlNode> taskNodes = root.list("tasks");
        for (YamlNode t : taskNodes) {
            TaskConfig task = task(t, dir, finetune);
            if (!names.add(task.name())) {
                throw t.error("name", "task '" + task.name() + "' is listed twice");
            }
            tasks.add(task);
        }
        checkModality(root, taskNodes, tasks, backbone, pretrain);
        Merging merging = SearchSpecs.parse(root, tasks.stream().map(TaskConfig::name).toList(), seed);
        // last, so that a mistake in the file is reported before missing data; train is left to fine-tuning, as a
        // population fine-tuned elsewhere needs only validation and test
        for (int i = 0; i < tasks.size(); i++) {
            TaskConfig task = tasks.get(i);
            for (Path file : task.dataFiles()) {
                if (!Files.isRegularFile(file) && !file.equals(task.file(SplitName.TRAIN))) {
                    throw taskNodes.get(i).error("path", "the task's data file " + file + " is missing; give the "
                            + "folder that holds the task's splits");
                }
            }
        }
        if (pretrain != null) {
            for (Path file : pretrain.data().dataFiles()) {
                if (!Files.isRegularFile(file)) {
                    throw root.mapping("pretrain").mapping("data").error("path", "the data file " + file
                            + " is missing; give the folder that holds the splits");
                }
            }
        }
        return new ExperimentConfig(name, new PopulationConfig(yaml.toAbsolutePath(), seed, backbone, devices.getFirst(),
                maxLength, pooling, population, tasks, evaluation, pretrain), devices, merging);
    }

    /**
     * {@code device: D} (default cpu) or {@code devices: [D, ...]}, one resident evaluator each (the first also
     * fine-tunes): cpu may repeat (CPU workers), a GPU may not, since two evaluators on one GPU only share its memory.
     */
    private static List<String> devices(YamlNode root) {
        if (!root.has("devices")) {
            String device = root.text("device", "cpu");
            if (!DEVICE.matcher(device).matches()) {
                throw root.error("device", "'" + device + "' is not one of cpu, gpu, gpu:N");
            }
            return List.of(device);
        }
        if (root.has("device")) throw root.error("devices", "give device or devices, not both");
        List<String> devices = new ArrayList<>();
        Set<String> gpus = new HashSet<>();
        for (YamlNode item : root.list("devices")) {
            String device = item.text();
            if (!DEVICE.matcher(device).matches()) {
                throw item.error("'" + device + "' is not one of cpu, gpu, gpu:N");
            }
            if (!device.equals("cpu") && !gpus.add(device.equals("gpu") ? "gpu:0" : device)) {
                throw item.error(device + " is listed twice; give each GPU once (one evaluator per GPU)");
            }
            devices.add(device);
        }
        if (devices.size() > MAX_DEVICES) {
            throw root.error("devices", devices.size() + " devices; at most " + MAX_DEVICES + " evaluators");
        }
        return List.copyOf(devices);
    }

    private static Backbone backbone(YamlNode root, Path dir) {
        String value = root.text("backbone");
        if (Backbone.BUNDLED.containsKey(value)) {
            return new Backbone(Backbone.BUNDLED.get(value), null);
        }
        Path folder = path(dir, value);
        if (!Files.isRegularFile(folder.resolve("config.json"))) {
            throw root.error("backbone", "'" + value + "' is neither a bundled model ("
                    + String.join(" | ", new TreeSet<>(Backbone.BUNDLED.keySet()))
                    + ") nor a Hugging Face folder with config.json (looked in " + folder + ")");
        }
        return new Backbone(null, folder);
    }

    private static TaskConfig task(YamlNode t, Path dir, FinetuneConfig experimentFinetune) {
        t.onlyKeys(TASK);
        String name = t.text("name");
        if (!NAME.matcher(name).matches() || name.equals("base")) {
            throw t.error("name", "'" + name
                    + "' must be letters, digits, '.', '_' or '-' and not 'base' (it names the task's folder)");
        }
        String sourceKey = t.text("source");
        TaskSource source = TaskSource.parseOrNull(sourceKey);
        if (source == null) {
            throw t.error("source", "'" + sourceKey + "' is not one of " + TaskSource.keys());
        }
        Path path = path(dir, t.text("path"));
        if (!Files.isDirectory(path)) {
            throw t.error("path", path + " is not a folder (" + sourceKey + ": " + source.folder() + ")");
        }
        ImageOptions images = imageOptions(t, source);
        GlueTask glueTask = null;
        if (source == TaskSource.GLUE) {
            String g = t.text("glue_task");
            glueTask = Arrays.stream(GlueTask.values()).filter(x -> x.directory().equalsIgnoreCase(g)).findFirst()
                    .orElseThrow(() -> t.error("glue_task", "'" + g + "' is not one of "
                            + String.join(", ", Arrays.stream(GlueTask.values()).map(GlueTask::directory).toList())));
        } else if (t.has("glue_task")) {
            throw t.error("glue_task", "only applies to source: glue");
        }
        Integer trainSubset = t.optionalInteger("train_subset", POSITIVE);
        Integer validationSubset = t.optionalInteger("validation_subset", POSITIVE);
        double weight = t.number("weight", Range.atLeast(0), 1.0);
        PairEncoding pairs = pairEncoding(t, source, glueTask);
        FinetuneConfig finetune = finetune(t.mapping("finetune"), experimentFinetune);
        if (source == TaskSource.STORY_CLOZE && finetune.linearProbeSteps() != null) {
            throw t.error("finetune.linear_probe_steps",
                    "a linear probe needs one feature vector per example, and story_cloze is multiple choice; remove it");
        }
        if (finetune.swapsPairs() && hasNoPairs(source, glueTask)) {
            throw t.error("finetune.swap_pairs", "needs sentence pairs, and "
                    + noPairsReason(glueTask) + "; remove it");
        }
        // the cosine head's one weight per output decides which class high similarity means: a random start
        // would pull similar pairs either way, and fine-tuning's small learning rate would barely turn it
        if (pairs == PairEncoding.BI_ENCODER_COSINE && finetune.linearProbeSteps() == null) {
            throw t.error("pair_encoding", "bi_encoder_cosine's head must start from a linear probe;"
                    + " add finetune: {linear_probe_steps: 2000}");
        }
        if (source.images()) {
            if (t.has("pair_encoding")) {
                throw t.error("pair_encoding", "only applies to text tasks; remove it");
            }
            YamlNode f = t.mapping("finetune");
            for (String key : TEXT_ONLY_FINETUNE) {
                if (f != null && f.has(key)) {
                    throw f.error(key, "does not apply to image tasks; remove it");
                }
            }
        }
        return new TaskConfig(name, source, path, glueTask, trainSubset, validationSubset, weight, finetune, pairs,
                images);
    }

    /**
     * An experiment's tasks are all text or all images; image tasks run a CLIP vision backbone (a folder whose
     * config.json has model_type clip_vision_model or clip, or the one {@code pretrain} builds), text tasks a BERT one.
     */
    private static void checkModality(YamlNode root, List<YamlNode> taskNodes, List<TaskConfig> tasks,
                                      Backbone backbone, PretrainConfig pretrain) {
        boolean images = !tasks.isEmpty() && tasks.getFirst().source().images();
        for (int i = 1; i < tasks.size(); i++) {
            if (tasks.get(i).source().images() != images) {
                throw taskNodes.get(i).error("source", "'" + tasks.get(i).source().key() + "' mixes "
                        + (images ? "a text task with image tasks" : "an image task with text tasks")
                        + "; one experiment merges one encoder, so its tasks are all text or all images");
            }
        }
        if (pretrain != null && !images) {
            throw root.error("pretrain", "builds a vision base, and the tasks are text tasks; remove it or give"
                    + " image tasks");
        }
        if (images && pretrain == null) {
            if (backbone.folder() == null) {
                throw root.error("backbone", "'" + root.text("backbone") + "' is a text encoder, and the tasks are image"
                        + " tasks; give a CLIP vision folder, or a pretrain: section that builds one");
            }
            EncoderKind.of(backbone.folder(), Encoder.PIXEL_VALUES); // config.json's model_type, one line if wrong
        }
        if (images && root.has("pooling")) {
            throw root.error("pooling", "only applies to text tasks (an image head reads the pooled class token)");
        }
    }

    /**
     * The {@code pretrain} section: the folder it writes (which is then the backbone, so {@code backbone} is not
     * given), an image task for its data, the tower's shape and the training settings.
     */
    private static PretrainConfig pretrain(YamlNode root, Path dir) {
        YamlNode p = root.mapping("pretrain");
        if (p == null) {
            return null;
        }
        if (root.has("backbone")) {
            throw root.error("backbone", "give backbone or pretrain, not both (pretrain's folder is the backbone)");
        }
        p.onlyKeys(PRETRAIN);
        Path folder = path(dir, p.text("folder"));
        YamlNode d = p.mapping("data");
        if (d == null) {
            throw p.error("data", "is missing; give an image task, e.g. {name: cifar10, source: cifar10, path: ...}");
        }
        TaskConfig data = task(d, dir, FinetuneConfig.DEFAULT);
        if (!data.source().images()) {
            throw d.error("source", "'" + data.source().key() + "' is a text source; pre-training takes an image"
                    + " task (cifar10, idx, image_folder)");
        }
        YamlNode m = p.mapping("model");
        if (m == null) {
            throw p.error("model", "is missing; give the tower's shape, e.g. {image_size: 32, patch_size: 8,"
                    + " hidden_size: 128, num_hidden_layers: 4, num_attention_heads: 4, intermediate_size: 512}");
        }
        m.onlyKeys(PRETRAIN_MODEL);
        Range size = Range.closed(1, 4096);
        int image = m.integer("image_size", size, 32);
        int patch = m.integer("patch_size", size, 8);
        if (image % patch != 0) {
            throw m.error("patch_size", patch + " does not divide image_size " + image);
        }
        int hidden = m.integer("hidden_size", size, 128);
        int heads = m.integer("num_attention_heads", size, 4);
        if (hidden % heads != 0) {
            throw m.error("num_attention_heads", heads + " does not divide hidden_size " + hidden);
        }
        String act = m.text("hidden_act", HiddenAct.QUICK_GELU.hfName());
        HiddenAct hiddenAct = HiddenAct.parseOrNull(act);
        if (hiddenAct == null) {
            throw m.error("hidden_act", "'" + act + "' is not one of quick_gelu, gelu");
        }
        ClipVisionConfig model = new ClipVisionConfig(hidden, m.integer("intermediate_size", size, 4 * hidden),
                m.integer("num_hidden_layers", Range.closed(1, 64), 4), heads, 3, image, patch, 1e-5, hiddenAct,
                hidden);
        YamlNode t = p.mapping("training");
        if (t != null) {
            t.onlyKeys(PRETRAIN_TRAINING);
        }
        FinetuneConfig training = finetune(t, new FinetuneConfig(3, 64, 1e-3, 0.1, 0.05, null, 0, null, null, null,
                null, null));
        return new PretrainConfig(folder, data, model, training);
    }

    /** An image task's {@code holdout} and {@code skip_bad_images} (refused on text tasks). */
    private static ImageOptions imageOptions(YamlNode t, TaskSource source) {
        if (!source.images()) {
            for (String key : List.of("holdout", "skip_bad_images")) {
                if (t.has(key)) {
                    throw t.error(key, "only applies to image tasks (cifar10, idx, image_folder)");
                }
            }
            return ImageOptions.DEFAULT;
        }
        HoldOut holdOut = HoldOut.PAPER;
        YamlNode h = t.mapping("holdout");
        if (h != null) {
            h.onlyKeys(HOLDOUT);
            holdOut = new HoldOut(h.number("validation", FRACTION, HoldOut.PAPER.validationFraction()),
                    h.integer("validation_max", POSITIVE, HoldOut.PAPER.validationMax()),
                    h.number("test", FRACTION, HoldOut.PAPER.testFraction()),
                    h.integer("seed", SEED, HoldOut.PAPER.seed()));
        }
        return new ImageOptions(holdOut, t.bool("skip_bad_images", false));
    }

    /** A task's {@code pair_encoding}; bi_encoder only where examples are pairs (checked per example for jsonl). */
    private static PairEncoding pairEncoding(YamlNode t, TaskSource source, GlueTask glueTask) {
        if (!t.has("pair_encoding")) {
            return PairEncoding.CROSS_ENCODER;
        }
        String key = t.text("pair_encoding");
        PairEncoding pairs = PairEncoding.parseOrNull(key);
        if (pairs == null) {
            throw t.error("pair_encoding", "'" + key + "' is not one of " + PairEncoding.keys());
        }
        if (pairs.separate() && hasNoPairs(source, glueTask)) {
            throw t.error("pair_encoding", key + " needs sentence pairs, and " + noPairsReason(glueTask)
                    + "; remove the key");
        }
        return pairs;
    }

    /** Whether the task's examples are known to have no sentence pairs (jsonl is checked per example later). */
    private static boolean hasNoPairs(TaskSource source, GlueTask glueTask) {
        return source == TaskSource.STORY_CLOZE || (glueTask != null && !glueTask.hasPairs());
    }

    private static String noPairsReason(GlueTask glueTask) {
        return glueTask != null ? glueTask.directory() + " has single sentences" : "story_cloze is multiple choice";
    }

    /** Reads a finetune mapping over {@code defaults} (keys present override; absent keep the default). */
    private static FinetuneConfig finetune(YamlNode f, FinetuneConfig defaults) {
        if (f == null) {
            return defaults;
        }
        f.onlyKeys(FINETUNE);
        // max_steps: null (written out) lifts the experiment's cap for this task
        Integer maxSteps = f.has("max_steps") ? f.optionalInteger("max_steps", POSITIVE)
                : f.hasKey("max_steps") ? null : defaults.maxSteps();
        return new FinetuneConfig(
                f.integer("epochs", Range.closed(1, 1000), defaults.epochs()),
                f.integer("batch_size", BATCH, defaults.batchSize()),
                f.number("learning_rate", Range.closed(1e-9, 1), defaults.learningRate()),
                f.number("warmup", Range.below(0, 1), defaults.warmup()),
                f.number("weight_decay", Range.closed(0, 1), defaults.weightDecay()),
                maxSteps,
                f.number("dropout", Range.below(0, 1), defaults.dropout()),
                f.has("seed") ? Long.valueOf(f.integer("seed", SEED, null)) : defaults.seed(),
                f.has("linear_probe_steps") ? f.optionalInteger("linear_probe_steps", Range.closed(1, 100_000))
                        : defaults.linearProbeSteps(),
                f.has("max_grad_norm") ? Double.valueOf(f.number("max_grad_norm", Range.closed(1e-6, 1e6), 1.0))
                        : defaults.maxGradNorm(),
                f.has("swap_pairs") ? Boolean.valueOf(f.bool("swap_pairs", false)) : defaults.swapPairs(),
                f.has("keep_best_epoch") ? Boolean.valueOf(f.bool("keep_best_epoch", false))
                        : defaults.keepBestEpoch());
    }

    /** Expands a leading {@code ~} and resolves relative paths against the YAML's folder. */
    static Path path(Path dir, String value) {
        String v = value.equals("~") || value.startsWith("~/")
                ? System.getProperty("user.home") + value.substring(1) : value;
        return dir.resolve(v).normalize();
    }
}
