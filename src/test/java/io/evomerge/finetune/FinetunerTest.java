package io.evomerge.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evomerge.ShortHash;
import io.evomerge.data.Example;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.Split;
import io.evomerge.data.SplitName;
import io.evomerge.data.TaskKind;
import io.evomerge.data.TextEncoder;
import io.evomerge.eval.EncodedSplit;
import io.evomerge.eval.TaskScorer;
import io.evomerge.eval.TaskSuite;
import io.evomerge.experiment.ExperimentConfig;
import io.evomerge.model.BertEncoder;
import io.evomerge.model.HeadConfig;
import io.evomerge.model.HfFolders;
import io.evomerge.model.HfModel;
import io.evomerge.model.Pooling;
import io.evomerge.model.TaskHead;
import io.evomerge.model.TinyBert;
import io.evomerge.population.Population;
import io.evomerge.population.TaskConfig;
import io.evomerge.population.TaskMetadata;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Tag("slow")
class FinetunerTest {
    private static final String YAML = """
            name: tiny
            seed: 3
            backbone: backbone
            max_length: 64
            pooling: mean
            population: %s
            tasks:
              - name: sentiment
                source: jsonl
                path: %s
                train_subset: 32
                finetune: {max_steps: %d, batch_size: 8, learning_rate: 5.0e-4, warmup: 0.1}
              - name: stsb
                source: glue
                path: %s
                glue_task: STS-B
                train_subset: 24
                finetune: {max_steps: 6, batch_size: 8}
            """;

    /**
     * A short fine-tune learns (it fits its 32 training examples), writes a complete task folder whose reload
     * reproduces the recorded validation metric, skips up-to-date tasks, and retrains when a setting changes.
     */
    @Test
    void fineTunesWritesReloadableModelsAndSkipsUpToDateTasks(@TempDir Path dir) throws Exception {
        TinyBert.folder(dir.resolve("backbone"), 9);
        ExperimentConfig config = ExperimentConfig.read(yaml(dir, "pop", 150));
        List<Finetuner.Outcome> outcomes = new Finetuner(config.population(), quiet(), false).run(config.tasks());
        assertEquals(List.of(false, false), outcomes.stream().map(Finetuner.Outcome::skipped).toList());

        Population population = config.populationLayout();
        assertTrue(Files.isRegularFile(population.base().resolve("model.safetensors")));
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json", "head.safetensors",
                "task.json", "metrics.json")) {
            assertTrue(Files.isRegularFile(population.task("sentiment").resolve(file)), file);
        }
        JsonNode metrics = new ObjectMapper().readTree(population.task("sentiment").resolve("metrics.json").toFile());
        assertEquals(150, metrics.path("steps").asInt());
        assertEquals(new Finetuner(config.population(), quiet(), false).settingsHash(config.task("sentiment")),
                metrics.path("settings_hash").asText());
        assertFalse(Arrays.equals(HfFolders.read(population.base()).encoder().weightMap()
                        .get("encoder.layer.0.attention.self.query.weight"),
                HfFolders.read(population.task("sentiment")).encoder().weightMap()
                        .get("encoder.layer.0.attention.self.query.weight")), "the encoder is fine-tuned too");

        try (TaskSuite suite = TaskSuite.open(config.population())) {
            double fit = suite.evaluateTaskModel("sentiment", SplitName.TRAIN).get("accuracy");
            assertTrue(fit >= 0.9, "150 steps at a high learning rate must fit 32 examples, got " + fit);
            assertEquals(metrics.path("validation").path("accuracy").asDouble(),
                    suite.evaluateTaskModel("sentiment", SplitName.VALIDATION).get("accuracy"), 1e-12);
            double pearson = new ObjectMapper().readTree(population.task("stsb").resolve("metrics.json").toFile())
                    .path("test").path("pearson").asDouble();
            assertEquals(pearson, suite.evaluateTaskModel("stsb", SplitName.TEST).get("pearson"), 1e-9);
        }

        assertEquals(List.of(true, true), new Finetuner(config.population(), quiet(), false).run(config.tasks()).stream()
                .map(Finetuner.Outcome::skipped).toList());
        ExperimentConfig changed = ExperimentConfig.read(yaml(dir, "pop", 151));
        assertNotEquals(new Finetuner(config.population(), quiet(), false).settingsHash(config.task("sentiment")),
                new Finetuner(changed.population(), quiet(), false).settingsHash(changed.task("sentiment")));
        assertEquals(new Finetuner(config.population(), quiet(), false).settingsHash(config.task("stsb")),
                new Finetuner(changed.population(), quiet(), false).settingsHash(changed.task("stsb")));
    }

    /** Seeded head init, shuffles and dropout: the same settings give bit-identical task models. */
    @Test
    void sameSettingsGiveIdenticalModels(@TempDir Path dir) throws Exception {
        TinyBert.folder(dir.resolve("backbone"), 9);
        ExperimentConfig a = ExperimentConfig.read(yaml(dir, "a", 10));
        ExperimentConfig b = ExperimentConfig.read(yaml(dir, "b", 10));
        new Finetuner(a.population(), quiet(), false).run(List.of(a.task("sentiment")));
        new Finetuner(b.population(), quiet(), false).run(List.of(b.task("sentiment")));
        Map<String, float[]> headA = HfFolders.readHead(a.populationLayout().task("sentiment"));
        Map<String, float[]> headB = HfFolders.readHead(b.populationLayout().task("sentiment"));
        assertArrayEquals(headA.get("head.dense.weight"), headB.get("head.dense.weight"));
        Map<String, float[]> encA = HfFolders.read(a.populationLayout().task("sentiment")).encoder().weightMap();
        Map<String, float[]> encB = HfFolders.read(b.populationLayout().task("sentiment")).encoder().weightMap();
        encA.forEach((name, values) -> assertArrayEquals(values, encB.get(name), name));
    }

    /**
     * A task's own fine-tuning seed trains exactly what the experiment seed would: the same settings hash and the
     * same weights, while the other tasks keep the experiment's seed.
     */
    @Test
    void aTaskSeedTrainsWhatTheSameExperimentSeedWould(@TempDir Path dir) throws Exception {
        TinyBert.folder(dir.resolve("backbone"), 9);
        ExperimentConfig a = ExperimentConfig.read(yaml(dir, "a", 10));
        Path bFile = yaml(dir, "b", 10);
        Files.writeString(bFile, Files.readString(bFile).replace("seed: 3", "seed: 11")
                .replace("learning_rate: 5.0e-4,", "learning_rate: 5.0e-4, seed: 3,"));
        ExperimentConfig b = ExperimentConfig.read(bFile);
        assertEquals(3L, b.task("sentiment").finetune().seed());
        Finetuner fa = new Finetuner(a.population(), quiet(), false);
        Finetuner fb = new Finetuner(b.population(), quiet(), false);
        assertEquals(fa.settingsHash(a.task("sentiment")), fb.settingsHash(b.task("sentiment")));
        assertNotEquals(fa.settingsHash(a.task("stsb")), fb.settingsHash(b.task("stsb")));
        fa.run(List.of(a.task("sentiment")));
        fb.run(List.of(b.task("sentiment")));
        Map<String, float[]> encA = HfFolders.read(a.populationLayout().task("sentiment")).encoder().weightMap();
        Map<String, float[]> encB = HfFolders.read(b.populationLayout().task("sentiment")).encoder().weightMap();
        encA.forEach((name, values) -> assertArrayEquals(values, encB.get(name), name));
    }

    /**
     * A bi-encoder task trains (here with gradient clipping; the cosine head after its required probe), records its
     * pair encoding in the head's description and in its settings (so a new hash), and reloads to the scores
     * fine-tuning reported.
     */
    @ParameterizedTest
    @EnumSource(value = PairEncoding.class, names = {"BI_ENCODER", "BI_ENCODER_COSINE"})
    void biEncoderTaskTrainsRecordsItsEncodingAndReloads(PairEncoding pairs, @TempDir Path dir) throws Exception {
        TinyBert.folder(dir.resolve("backbone"), 9);
        ExperimentConfig cross = ExperimentConfig.read(yaml(dir, "cross", 10));
        Path biFile = yaml(dir, "bi", 10);
        String probe = pairs == PairEncoding.BI_ENCODER_COSINE ? " linear_probe_steps: 50," : "";
        Files.writeString(biFile, Files.readString(biFile).replace("glue_task: STS-B",
                "glue_task: STS-B\n    pair_encoding: " + pairs.key())
                .replace("{max_steps: 6,", "{max_steps: 6, max_grad_norm: 1.0," + probe));
        ExperimentConfig bi = ExperimentConfig.read(biFile);
        assertEquals(pairs, bi.task("stsb").pairEncoding());
        assertEquals(1.0, bi.task("stsb").finetune().maxGradNorm());
        Finetuner finetuner = new Finetuner(bi.population(), quiet(), false);
        assertNotEquals(new Finetuner(cross.population(), quiet(), false).settingsHash(cross.task("stsb")),
                finetuner.settingsHash(bi.task("stsb")));
        finetuner.run(bi.tasks());

        Path folder = bi.populationLayout().task("stsb");
        TaskMetadata metadata = TaskMetadata.read(folder.resolve(Population.TASK_METADATA));
        assertEquals(pairs, metadata.head().pairs());
        assertEquals(metadata.head().features(TinyBert.CONFIG.hiddenSize()),
                HfFolders.readHead(folder).get("head.dense.weight").length);
        JsonNode metrics = new ObjectMapper().readTree(folder.resolve("metrics.json").toFile());
        assertEquals(pairs.key(), metrics.at("/settings/pair_encoding").asText());
        assertEquals(1.0, metrics.at("/settings/finetune/maxGradNorm").asDouble());
        try (TaskSuite suite = TaskSuite.open(ExperimentConfig.read(biFile).population())) {
            assertEquals(metrics.at("/test/pearson").asDouble(),
                    suite.evaluateTaskModel("stsb", SplitName.TEST).get("pearson"), 1e-9);
        }
    }

    /**
     * linear_probe_steps fits the head on the pre-trained encoder's features before fine-tuning: with a negligible
     * fine-tuning step after it, the saved head is the probe's fit of those features and labels; the setting enters
     * the settings hash only when present.
     */
    @Test
    void linearProbeFitsTheHeadBeforeFineTuning(@TempDir Path dir) throws Exception {
        TinyBert.folder(dir.resolve("backbone"), 9);
        ExperimentConfig plain = ExperimentConfig.read(yaml(dir, "plain", 1));
        Path file = yaml(dir, "probed", 1);
        Files.writeString(file, Files.readString(file).replace("learning_rate: 5.0e-4,",
                "learning_rate: 1.0e-9, linear_probe_steps: 200,"));
        ExperimentConfig probed = ExperimentConfig.read(file);
        assertEquals(200, probed.task("sentiment").finetune().linearProbeSteps());
        StringWriter log = new StringWriter();
        new Finetuner(probed.population(), new PrintWriter(log), false).run(List.of(probed.task("sentiment")));
        assertTrue(log.toString().contains("sentiment: linear probe (200 steps) on the pre-trained encoder"), log.toString());

        TaskConfig task = probed.task("sentiment");
        HfModel base = HfFolders.read(dir.resolve("backbone"));
        Split train = task.read(SplitName.TRAIN, 3);
        float[] truth;
        float[] features;
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             TextEncoder text = TextEncoder.load(base.encoder().tokenizerJson(), 64)) {
            BertEncoder encoder = new BertEncoder(base.encoder().config());
            encoder.initializeParameters(manager);
            encoder.loadTensors(base.encoder().weights());
            TaskHead head = new TaskHead(new HeadConfig(TaskKind.CLASSIFICATION, 2, Pooling.MEAN, 0.1f,
                    PairEncoding.CROSS_ENCODER), 32);
            head.initializeParameters(manager, 32);
            features = TaskScorer.features(encoder, head, EncodedSplit.of(train, text, PairEncoding.CROSS_ENCODER, 8),
                    manager);
        }
        double[] labels = train.examples().stream().mapToDouble(Example::classIndex).toArray();
        truth = LinearProbe.fit(features, 32, 2, labels, 200).weight();
        float[] saved = HfFolders.readHead(probed.populationLayout().task("sentiment")).get("head.dense.weight");
        assertArrayEquals(truth, saved, 1e-5f);

        String plainSettings = new ObjectMapper().writeValueAsString(
                new ObjectMapper().valueToTree(plain.task("sentiment").finetune()));
        assertFalse(plainSettings.contains("linear"), plainSettings);
        assertNotEquals(new Finetuner(plain.population(), quiet(), false).settingsHash(plain.task("sentiment")),
                new Finetuner(probed.population(), quiet(), false).settingsHash(task));
    }

    /**
     * keep_best_epoch scores validation after every epoch and saves the best epoch's weights: metrics.json lists each
     * epoch's score, the kept epoch is the first with the highest accuracy, and the saved model reloads to that score.
     */
    @Test
    void keepBestEpochSavesTheEpochWithTheBestValidationScore(@TempDir Path dir) throws Exception {
        TinyBert.folder(dir.resolve("backbone"), 9);
        Path file = yaml(dir, "best", 1);
        Files.writeString(file, Files.readString(file).replace("{max_steps: 1, batch_size: 8, learning_rate: 5.0e-4,",
                "{epochs: 4, batch_size: 8, learning_rate: 5.0e-4, keep_best_epoch: true,"));
        ExperimentConfig config = ExperimentConfig.read(file);
        assertTrue(config.task("sentiment").finetune().keepsBestEpoch());
        StringWriter log = new StringWriter();
        new Finetuner(config.population(), new PrintWriter(log), false).run(config.tasks());

        JsonNode metrics = new ObjectMapper().readTree(config.populationLayout().task("sentiment")
                .resolve("metrics.json").toFile());
        assertEquals(16, metrics.path("steps").asInt(), "4 epochs of 32 examples at batch 8");
        JsonNode epochs = metrics.path("epochs");
        assertEquals(4, epochs.size());
        int kept = 1;
        for (int e = 1; e <= 4; e++) {
            assertEquals(e, epochs.get(e - 1).path("epoch").asInt());
            if (epochs.get(e - 1).at("/validation/accuracy").asDouble()
                    > epochs.get(kept - 1).at("/validation/accuracy").asDouble()) {
                kept = e;
            }
        }
        assertEquals(kept, metrics.path("kept_epoch").asInt());
        assertNotEquals(4, kept, "here an earlier epoch beats the last, so the saved weights are restored ones");
        double keptScore = epochs.get(kept - 1).at("/validation/accuracy").asDouble();
        assertEquals(keptScore, metrics.at("/validation/accuracy").asDouble(), 1e-12);
        assertTrue(log.toString().contains("sentiment: keeping epoch " + kept + ", the best on validation"),
                log.toString());
        try (TaskSuite suite = TaskSuite.open(config.population())) {
            assertEquals(keptScore, suite.evaluateTaskModel("sentiment", SplitName.VALIDATION).get("accuracy"), 1e-12);
        }
    }

    /**
     * swap_pairs trains each pair in both orders: an epoch of 24 STS-B pairs at batch 8 is 6 steps instead of 3, the
     * metrics still count 24 training examples, and the setting enters the hash only when on.
     */
    @Test
    void swapPairsTrainsEachPairInBothOrders(@TempDir Path dir) throws Exception {
        TinyBert.folder(dir.resolve("backbone"), 9);
        String epoch = "{epochs: 1, batch_size: 8";
        Path plainFile = yaml(dir, "plain", 1);
        Files.writeString(plainFile, Files.readString(plainFile).replace("{max_steps: 6, batch_size: 8", epoch));
        Path offFile = yaml(dir, "unset", 1);
        Files.writeString(offFile, Files.readString(offFile).replace("{max_steps: 6, batch_size: 8",
                epoch + ", swap_pairs: false"));
        Path swapFile = yaml(dir, "swap", 1);
        Files.writeString(swapFile, Files.readString(swapFile).replace("{max_steps: 6, batch_size: 8",
                epoch + ", swap_pairs: true"));
        ExperimentConfig plain = ExperimentConfig.read(plainFile);
        ExperimentConfig swap = ExperimentConfig.read(swapFile);
        ExperimentConfig off = ExperimentConfig.read(offFile);
        Finetuner plainTuner = new Finetuner(plain.population(), quiet(), false);
        Finetuner swapTuner = new Finetuner(swap.population(), quiet(), false);
        assertEquals(plainTuner.settingsHash(plain.task("stsb")),
                new Finetuner(off.population(), quiet(), false).settingsHash(off.task("stsb")));
        assertNotEquals(plainTuner.settingsHash(plain.task("stsb")), swapTuner.settingsHash(swap.task("stsb")));

        assertEquals(3, plainTuner.run(List.of(plain.task("stsb"))).getFirst().steps());
        assertEquals(6, swapTuner.run(List.of(swap.task("stsb"))).getFirst().steps());
        JsonNode metrics = new ObjectMapper().readTree(swap.populationLayout().task("stsb").resolve("metrics.json")
                .toFile());
        assertEquals(24, metrics.path("train_examples").asInt());
        assertTrue(metrics.at("/settings/finetune/swapPairs").asBoolean());
    }

    /**
     * The data enter the settings hash by content: the same files in another folder give the same hash and the
     * model is reused, one changed byte gives another hash. A model recorded under the earlier hash (the data's
     * absolute path, no pair encoding; built here field by field as that code did) is still up to date.
     */
    @Test
    void dataEnterTheHashByContentAndEarlierHashesStayValid(@TempDir Path dir) throws Exception {
        TinyBert.folder(dir.resolve("backbone"), 9);
        Path datasets = Path.of("datasets/sentiment").toAbsolutePath();
        ExperimentConfig a = ExperimentConfig.read(withData(yaml(dir, "a", 4), datasets, copy(datasets, dir.resolve("x"))));
        ExperimentConfig b = ExperimentConfig.read(withData(yaml(dir, "b", 4), datasets, copy(datasets, dir.resolve("y"))));
        Finetuner fa = new Finetuner(a.population(), quiet(), false);
        assertEquals(fa.settingsHash(a.task("sentiment")), new Finetuner(b.population(), quiet(), false).settingsHash(b.task("sentiment")));
        fa.run(List.of(a.task("sentiment")));
        Path moved = dir.resolve("b.yaml");
        Files.writeString(moved, Files.readString(moved).replace("population: b", "population: a"));
        ExperimentConfig bOnA = ExperimentConfig.read(moved);
        assertEquals(List.of(true), new Finetuner(bOnA.population(), quiet(), false).run(List.of(bOnA.task("sentiment"))).stream()
                .map(Finetuner.Outcome::skipped).toList(), "same data elsewhere: the model is reused");
        Path train = dir.resolve("y/train.jsonl");
        Files.writeString(train, Files.readString(train).replaceFirst("\"label\"", " \"label\""));
        assertNotEquals(fa.settingsHash(a.task("sentiment")), new Finetuner(bOnA.population(), quiet(), false)
                .settingsHash(bOnA.task("sentiment")));

        TaskConfig task = a.task("sentiment");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode earlier = json.createObjectNode();
        earlier.put("training_version", 1);
        earlier.put("backbone", dir.resolve("backbone").toString());
        earlier.put("max_length", 64);
        earlier.put("pooling", "mean");
        earlier.put("seed", 3);
        earlier.put("task", "sentiment");
        earlier.put("source", "jsonl");
        earlier.put("path", task.path().toString());
        earlier.putNull("glue_task");
        earlier.put("train_subset", 32);
        earlier.set("finetune", json.valueToTree(task.finetune()));
        Path metrics = a.populationLayout().task("sentiment").resolve("metrics.json");
        ObjectNode root = (ObjectNode) json.readTree(metrics.toFile());
        root.put("settings_hash", ShortHash.of(json.writeValueAsString(earlier).getBytes(StandardCharsets.UTF_8)));
        Files.writeString(metrics, json.writeValueAsString(root));
        assertEquals(List.of(true), fa.run(List.of(task)).stream().map(Finetuner.Outcome::skipped).toList(),
                "a model under the earlier hash is up to date");
    }

    private static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static Path withData(Path yaml, Path from, Path to) throws Exception {
        Files.writeString(yaml, Files.readString(yaml).replace(from.toString(), to.toString()));
        return yaml;
    }

    @Test
    void scheduleWarmsUpLinearlyThenDecaysToZero() {
        var tracker = Finetuner.schedule(1.0, 4, 12);
        assertEquals(0.25f, tracker.getNewValue(1));
        assertEquals(1.0f, tracker.getNewValue(4));
        assertEquals(0.5f, tracker.getNewValue(8));
        assertEquals(0.0f, tracker.getNewValue(12));
    }

    /** A diverged run's line suggests clipping only to a task that does not clip yet (its gradient norm was NaN). */
    @Test
    void divergedMessageSuggestsClippingOnlyWhereItIsOff(@TempDir Path dir) throws Exception {
        TinyBert.folder(dir.resolve("backbone"), 9);
        Path file = yaml(dir, "d", 10);
        TaskConfig plain = ExperimentConfig.read(file).task("stsb");
        Files.writeString(file, Files.readString(file).replace("{max_steps: 6,", "{max_steps: 6, max_grad_norm: 1.0,"));
        TaskConfig clipped = ExperimentConfig.read(file).task("stsb");
        assertEquals("stsb: training diverged at step 7 (the loss or the gradient norm is not finite); lower"
                + " finetune.learning_rate or set finetune.max_grad_norm (1.0 is Hugging Face's default)",
                Finetuner.divergedMessage(plain, 7));
        assertEquals("stsb: training diverged at step 7 (the loss or the gradient norm is not finite); lower"
                + " finetune.learning_rate", Finetuner.divergedMessage(clipped, 7));
    }

    private static Path yaml(Path dir, String population, int sentimentSteps) throws Exception {
        Path datasets = Path.of("datasets/sentiment").toAbsolutePath();
        Path glue = Path.of(System.getProperty("evomerge.shared", "../shared")).resolve("datasets/glue").toAbsolutePath();
        Path file = dir.resolve(population + ".yaml");
        Files.writeString(file, YAML.formatted(population, datasets, sentimentSteps, glue));
        return file;
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
