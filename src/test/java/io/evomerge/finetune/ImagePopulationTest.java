package io.evomerge.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.data.ImageCache;
import io.evomerge.data.ImagePreprocessing;
import io.evomerge.data.ImageTensors;
import io.evomerge.data.SplitName;
import io.evomerge.eval.ImageScorer;
import io.evomerge.eval.TaskSuite;
import io.evomerge.experiment.ExperimentConfig;
import io.evomerge.model.ClipFolders;
import io.evomerge.model.Encoder;
import io.evomerge.model.EncoderKind;
import io.evomerge.model.HfFolders;
import io.evomerge.population.PopulationConfig;
import io.evomerge.population.TaskConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vision workflow on shipped images with a tiny tower: pretrain writes an HF CLIPVisionModel folder, each task's
 * head is the linear probe of the base tower (recomputed here) and stays frozen while the tower is fine-tuned, the
 * suite scores the task models as fine-tuning did, and a second run skips everything.
 */
class ImagePopulationTest {
    private static final String DATA = Path.of("datasets").toAbsolutePath().toString();
    @TempDir
    static Path dir;
    private static String previousCache;
    private static PopulationConfig config;
    private static List<Finetuner.Outcome> first;

    @BeforeAll
    static void fineTune() throws Exception {
        previousCache = System.getProperty("evomerge.cache");
        System.setProperty("evomerge.cache", dir.resolve("cache").toString());
        Path yaml = dir.resolve("tiny.yaml");
        Files.writeString(yaml, """
                name: tiny
                seed: 3
                population: pop
                pretrain:
                  folder: base
                  data: {name: digits, source: idx, path: DATA/digits_uci, train_subset: 200}
                  model: {image_size: 16, patch_size: 8, hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2}
                  training: {max_steps: 6, batch_size: 32}
                tasks:
                  - {name: digits_uci, source: idx, path: DATA/digits_uci, train_subset: 120}
                  - {name: mnist, source: idx, path: DATA/mnist, train_subset: 120}
                finetune: {max_steps: 4, batch_size: 16, learning_rate: 1.0e-3, linear_probe_steps: 30, dropout: 0.0}
                merges:
                  - {method: task_arithmetic, parameters: {lambda: 0.5}}
                """.replace("DATA", DATA));
        config = ExperimentConfig.read(yaml).population();
        first = new Finetuner(config, new PrintWriter(new StringWriter()), false).run(config.tasks());
    }

    @AfterAll
    static void restoreCache() {
        if (previousCache == null) {
            System.clearProperty("evomerge.cache");
        } else {
            System.setProperty("evomerge.cache", previousCache);
        }
    }

    @Test
    void theBaseIsAHuggingFaceClipVisionFolder() {
        Path base = dir.resolve("base");
        assertEquals(EncoderKind.CLIP_VISION, EncoderKind.of(base, Encoder.PIXEL_VALUES));
        ClipFolders.Vision vision = ClipFolders.vision(base);
        assertEquals(16, vision.config().imageSize());
        assertEquals(1, vision.config().numHiddenLayers());
        assertFalse(vision.projection());
        assertEquals(ImagePreprocessing.clip(16), ImagePreprocessing.read(base.resolve(ImagePreprocessing.CONFIG_FILE)));
        assertTrue(Files.isRegularFile(base.resolve(Pretrainer.RECORD)));
    }

    @Test
    void eachHeadIsTheLinearProbeOfTheBaseAndStaysFrozen() {
        ClipFolders.Vision base = ClipFolders.vision(config.layout().base());
        ImagePreprocessing preprocessing = ImageFinetuner.preprocessing(config);
        for (TaskConfig task : config.tasks()) {
            ImageTensors train = task.imageTensors(SplitName.TRAIN, config.seed(), preprocessing,
                    ImageCache.atDefaultLocation());
            float[] features;
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                features = ImageScorer.features(base.tower(manager), train, 64, manager);
            }
            double[] y = new double[train.count()];
            for (int i = 0; i < y.length; i++) {
                y[i] = train.labels()[i];
            }
            LinearProbe.Fit probe = LinearProbe.fit(features, 32, 10, y, 30);
            Map<String, float[]> head = HfFolders.readHead(config.layout().task(task.name()));
            assertArrayEquals(probe.weight(), head.get("head.dense.weight"), 1e-5f, task.name());
            assertArrayEquals(probe.bias(), head.get("head.dense.bias"), 1e-5f, task.name());
            try (Checkpoint tuned = Checkpoints.open(config.layout().task(task.name()))) {
                String name = "vision_model.encoder.layers.0.mlp.fc1.weight";
                float[] before = base.weights().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow()
                        .data();
                assertFalse(java.util.Arrays.equals(before, tuned.floats(name)), "the tower was fine-tuned");
            }
        }
    }

    @Test
    void theSuiteScoresTheTaskModelsAsFineTuningDid() throws Exception {
        try (TaskSuite suite = TaskSuite.open(config)) {
            for (TaskConfig task : config.tasks()) {
                double recorded = new ObjectMapper().readTree(config.layout().task(task.name())
                        .resolve("metrics.json").toFile()).path("validation").path("accuracy").asDouble();
                assertEquals(recorded, suite.evaluateTaskModel(task.name(), SplitName.VALIDATION).get("accuracy"), 1e-9,
                        task.name());
            }
        }
    }

    @Test
    void aSecondRunSkipsThePretrainingAndEveryTask() {
        assertTrue(first.stream().noneMatch(Finetuner.Outcome::skipped));
        StringWriter log = new StringWriter();
        List<Finetuner.Outcome> again = new Finetuner(config, new PrintWriter(log), false).run(config.tasks());
        assertTrue(again.stream().allMatch(Finetuner.Outcome::skipped), log.toString());
        assertTrue(log.toString().contains("pretrain: up to date"), log.toString());
    }
}
