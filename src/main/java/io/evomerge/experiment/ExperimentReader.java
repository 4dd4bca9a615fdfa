package io.evomerge.experiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.evomerge.EvomergeException;
import io.evomerge.data.GlueTask;
import io.evomerge.data.PairEncoding;
import io.evomerge.model.Pooling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Parses experiment YAML through Jackson's tree, so every error can name the key path. */
final class ExperimentReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> TOP = List.of("name", "seed", "backbone", "device", "max_length", "pooling",
            "population", "tasks", "finetune", "evaluation", "merges", "search", "report");
    private static final List<String> TASK = List.of("name", "source", "path", "glue_task", "train_subset",
            "validation_subset", "weight", "pair_encoding", "finetune");
    private static final List<String> FINETUNE = List.of("epochs", "batch_size", "learning_rate", "warmup",
            "weight_decay", "max_steps", "dropout", "seed", "linear_probe_steps", "max_grad_norm",
            "swap_pairs", "keep_best_epoch");
    private static final List<String> EVALUATION = List.of("batch_size");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern DEVICE = Pattern.compile("cpu|gpu(:\\d+)?");

    private ExperimentReader() {
    }

    static ExperimentConfig read(Path yaml) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml.toFile());
        } catch (JacksonException e) {
            throw new EvomergeException(yaml + ": invalid YAML: " + e.getOriginalMessage().replaceAll("\\R", " "), e);
        } catch (IOException e) {
            throw new EvomergeException(yaml + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new EvomergeException(yaml + ": empty file; see experiments/glue.yaml for an example");
        }
        Path dir = yaml.toAbsolutePath().getParent();
        YamlNode root = new YamlNode(yaml, "", tree);
        root.onlyKeys(Set.copyOf(TOP), TOP);

        String name = root.string("name");
        if (!NAME.matcher(name).matches()) {
            throw root.error("name", "'" + name + "' must be letters, digits, '.', '_' or '-' (it names results/<name>/)");
        }
        long seed = root.integer("seed", 0, Integer.MAX_VALUE, null);
        Backbone backbone = backbone(root, dir);
        String device = root.string("device", "cpu");
        if (!DEVICE.matcher(device).matches()) {
            throw root.error("device", "'" + device + "' is not one of cpu, gpu, gpu:N");
        }
        int maxLength = (int) root.integer("max_length", 8, 512, 128L);
        Pooling pooling = backbone.defaultPooling();
        if (root.has("pooling")) {
            pooling = Pooling.parseOrNull(root.string("pooling"));
            if (pooling == null || pooling == Pooling.POOLER) {
                throw root.error("pooling", "'" + root.string("pooling") + "' is not one of mean, cls");
            }
        }
        Path population = path(dir, root.string("population"));

        YamlNode finetuneNode = root.child("finetune");
        FinetuneConfig finetune = finetune(finetuneNode, FinetuneConfig.DEFAULT);
        EvaluationConfig evaluation = EvaluationConfig.DEFAULT;
        YamlNode evaluationNode = root.child("evaluation");
        if (evaluationNode != null) {
            evaluationNode.onlyKeys(Set.copyOf(EVALUATION), EVALUATION);
            evaluation = new EvaluationConfig((int) evaluationNode.integer("batch_size", 1, 4096, 32L));
        }

        List<TaskConfig> tasks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode t : root.list("tasks")) {
            TaskConfig task = task(t, dir, finetune);
            if (!names.add(task.name())) {
                throw t.error(t.keyPath("name"), "task '" + task.name() + "' is listed twice");
            }
            tasks.add(task);
        }
        return new ExperimentConfig(yaml.toAbsolutePath(), name, seed, backbone, device, maxLength, pooling,
                population, tasks, finetune, evaluation, root.raw("merges"), root.raw("search"), root.raw("report"));
    }

    private static Backbone backbone(YamlNode root, Path dir) {
        String value = root.string("backbone");
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
        t.onlyKeys(Set.copyOf(TASK), TASK);
        String name = t.string("name");
        if (!NAME.matcher(name).matches() || name.equals("base")) {
            throw t.error(t.keyPath("name"), "'" + name
                    + "' must be letters, digits, '.', '_' or '-' and not 'base' (it names the task's folder)");
        }
        String sourceKey = t.string("source");
        TaskSource source = Arrays.stream(TaskSource.values()).filter(s -> s.key().equals(sourceKey)).findFirst()
                .orElseThrow(() -> t.error(t.keyPath("source"), "'" + sourceKey + "' is not one of glue, jsonl, story_cloze"));
        Path path = path(dir, t.string("path"));
        if (!Files.isDirectory(path)) {
            throw t.error(t.keyPath("path"), path + " is not a folder (glue: the GLUE root; jsonl: the task folder;"
                    + " story_cloze: the folder with <split>.csv)");
        }
        GlueTask glueTask = null;
        if (source == TaskSource.GLUE) {
            String g = t.string("glue_task");
            glueTask = Arrays.stream(GlueTask.values()).filter(x -> x.directory().equalsIgnoreCase(g)).findFirst()
                    .orElseThrow(() -> t.error(t.keyPath("glue_task"), "'" + g + "' is not one of "
                            + String.join(", ", Arrays.stream(GlueTask.values()).map(GlueTask::directory).toList())));
        } else if (t.has("glue_task")) {
            throw t.error(t.keyPath("glue_task"), "only applies to source: glue");
        }
        Integer trainSubset = t.optionalInt("train_subset", 1, Integer.MAX_VALUE);
        Integer validationSubset = t.optionalInt("validation_subset", 1, Integer.MAX_VALUE);
        double weight = t.decimal("weight", 0, Double.MAX_VALUE, true, 1.0);
        PairEncoding pairs = pairEncoding(t, source, glueTask);
        FinetuneConfig finetune = finetune(t.child("finetune"), experimentFinetune);
        if (source == TaskSource.STORY_CLOZE && finetune.linearProbeSteps() != null) {
            throw t.error(t.keyPath("finetune") + ".linear_probe_steps",
                    "a linear probe needs one feature vector per example, and story_cloze is multiple choice; remove it");
        }
        if (finetune.swapsPairs() && hasNoPairs(source, glueTask)) {
            throw t.error(t.keyPath("finetune") + ".swap_pairs", "needs sentence pairs, and "
                    + noPairsReason(glueTask) + "; remove it");
        }
        // the cosine head's one weight per output decides which class high similarity means: a random start
        // would pull similar pairs either way, and fine-tuning's small learning rate would barely turn it
        if (pairs == PairEncoding.BI_ENCODER_COSINE && finetune.linearProbeSteps() == null) {
            throw t.error(t.keyPath("pair_encoding"), "bi_encoder_cosine's head must start from a linear probe;"
                    + " add finetune: {linear_probe_steps: 2000}");
        }
        return new TaskConfig(name, source, path, glueTask, trainSubset, validationSubset, weight, finetune, pairs);
    }

    /** A task's {@code pair_encoding}; bi_encoder only where examples are pairs (checked per example for jsonl). */
    private static PairEncoding pairEncoding(YamlNode t, TaskSource source, GlueTask glueTask) {
        if (!t.has("pair_encoding")) {
            return PairEncoding.CROSS_ENCODER;
        }
        String key = t.string("pair_encoding");
        PairEncoding pairs = PairEncoding.parseOrNull(key);
        if (pairs == null) {
            throw t.error(t.keyPath("pair_encoding"), "'" + key + "' is not one of " + PairEncoding.keys());
        }
        if (pairs.separate() && hasNoPairs(source, glueTask)) {
            throw t.error(t.keyPath("pair_encoding"), key + " needs sentence pairs, and " + noPairsReason(glueTask)
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
        f.onlyKeys(Set.copyOf(FINETUNE), FINETUNE);
        Integer maxSteps = f.has("max_steps") ? f.optionalInt("max_steps", 1, Integer.MAX_VALUE)
                : f.json().has("max_steps") ? null : defaults.maxSteps();
        return new FinetuneConfig(
                (int) f.integer("epochs", 1, 1000, (long) defaults.epochs()),
                (int) f.integer("batch_size", 1, 4096, (long) defaults.batchSize()),
                f.decimal("learning_rate", 1e-9, 1, true, defaults.learningRate()),
                f.decimal("warmup", 0, 1, false, defaults.warmup()),
                f.decimal("weight_decay", 0, 1, true, defaults.weightDecay()),
                maxSteps,
                f.decimal("dropout", 0, 1, false, defaults.dropout()),
                f.has("seed") ? Long.valueOf(f.integer("seed", 0, Integer.MAX_VALUE, null)) : defaults.seed(),
                f.has("linear_probe_steps") ? f.optionalInt("linear_probe_steps", 1, 100_000)
                        : defaults.linearProbeSteps(),
                f.has("max_grad_norm") ? Double.valueOf(f.decimal("max_grad_norm", 1e-6, 1e6, true, 1.0))
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
