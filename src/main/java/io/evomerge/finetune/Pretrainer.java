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
import io.evomerge.model.ClipVisionTower;
import io.evomerge.model.HeadConfig;
import io.evomerge.model.ImageClassifier;
import io.evomerge.model.Pooling;
import io.evomerge.model.TaskHead;
import io.evomerge.model.VisionFolders;
import io.evomerge.population.PretrainConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * {@code evomerge pretrain}: trains a CLIP vision tower from a seeded random start, supervised on one image task's
 * train split (a linear head on the pooled class token, dropped afterwards), and writes it as a CLIPVisionModel
 * folder with {@code pretrain.json} (settings hash, steps, time, validation and test accuracy of the pre-training
 * head). A folder whose {@code pretrain.json} carries the same settings hash is left as it is.
 */
public final class Pretrainer {
    public static final String RECORD = "pretrain.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int TRAINING_VERSION = 1;

    private final PretrainConfig config;
    private final long seed;
    private final String device;
    private final int evalBatch;
    private final PrintWriter out;

    public Pretrainer(PretrainConfig config, long experimentSeed, String device, int evalBatch, PrintWriter out) {
        this.config = config;
        this.seed = config.training().seedOr(experimentSeed);
        this.device = device;
        this.evalBatch = evalBatch;
        this.out = out;
    }

    /** What the run did: trained now or found done, with the time it took when it was trained. */
    public record Outcome(boolean skipped, String settingsHash, double seconds) {
    }

    /** The preprocessing every image of an experiment with this base takes: CLIP's recipe at the tower's size. */
    public static ImagePreprocessing preprocessing(PretrainConfig config) {
        return ImagePreprocessing.clip(config.model().imageSize());
    }

    public String settingsHash() {
        try {
            return ShortHash.of(JSON.writeValueAsString(settings()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode settings() {
        ObjectNode s = JSON.createObjectNode();
        s.put("training_version", TRAINING_VERSION);
        s.put("model", VisionFolders.configJson(config.model()));
        s.put("seed", seed);
        s.put("source", config.data().source().key());
        try {
            s.put("data", ShortHash.ofFiles(config.data().dataFiles()));
        } catch (UncheckedIOException e) {
            throw new EvomergeException(e.getMessage() + "; check pretrain.data.path", e);
        }
        s.put("train_subset", config.data().trainSubset());
        s.set("training", JSON.valueToTree(config.training()));
        return s;
    }

    /** Whether the folder holds a finished base of these settings. */
    public boolean upToDate() {
        Path record = config.folder().resolve(RECORD);
        if (!Files.isRegularFile(record)) {
            return false;
        }
        try {
            JsonNode stored = JSON.readTree(record.toFile());
            return settingsHash().equals(stored.path("settings_hash").asText());
        } catch (IOException e) {
            return false; // unreadable: trained again
        }
    }

    public Outcome run() {
        String hash = settingsHash();
        if (upToDate()) {
            out.printf("pretrain: up to date in %s (settings %s), skipped%n", config.folder(), hash);
            out.flush();
            return new Outcome(true, hash, 0);
        }
        try {
            Files.deleteIfExists(config.folder().resolve(RECORD)); // unfinished until the new record lands
        } catch (IOException e) {
            throw new EvomergeException(config.folder().resolve(RECORD) + ": cannot remove (" + e.getMessage() + ")", e);
        }
        long t0 = System.nanoTime();
        ImagePreprocessing preprocessing = preprocessing(config);
        ImageCache cache = ImageCache.atDefaultLocation();
        TaskSpec spec = config.data().spec();
        ImageTensors train = config.data().imageTensors(SplitName.TRAIN, seed, preprocessing, cache);
        Engine.getInstance().setRandomSeed((int) seed);
        Random rng = new Random(seed);
        HeadConfig headConfig = HeadConfig.of(TaskKind.CLASSIFICATION, spec.labelNames().size(), Pooling.CLS,
                0f, PairEncoding.CROSS_ENCODER);
        int total = ImageTraining.steps(config.training(), train.count());
        out.printf("pretrain: %d images of %s, %d steps (batch %d) -> %s%n", train.count(), config.data().name(),
                total, config.training().batchSize(), config.folder());
        out.flush();
        try (Model model = Model.newInstance("pretrain", Device.fromName(device))) {
            ImageClassifier block = new ImageClassifier(new ClipVisionTower(config.model(), false),
                    new TaskHead(headConfig, config.model().hiddenSize()));
            model.setBlock(block);
            double loss;
            try (Trainer trainer = ImageTraining.trainer(model, config.training(), total, Device.fromName(device))) {
                trainer.initialize(ImageTraining.inputShape(block));
                loss = ImageTraining.train(trainer, train, config.training(), total, rng, "pretrain", out,
                        Math.max(1, total / 20));
            }
            block.freezeParameters(true);
            NDManager manager = model.getNDManager();
            MetricsResult validation = score(block, SplitName.VALIDATION, preprocessing, cache, manager);
            MetricsResult test = score(block, SplitName.TEST, preprocessing, cache, manager);
            double seconds = (System.nanoTime() - t0) / 1e9;
            VisionFolders.write(config.folder(), config.model(), VisionFolders.tensors(block.tower()), preprocessing);
            writeRecord(hash, train.count(), total, loss, seconds, validation, test);
            out.printf("pretrain: %d steps in %.0f s, final loss %.4f; %s validation %s; test %s%n", total, seconds,
                    loss, config.data().name(), validation, test);
            out.flush();
            return new Outcome(false, hash, seconds);
        }
    }

    private MetricsResult score(ImageClassifier block, SplitName split, ImagePreprocessing preprocessing,
                                ImageCache cache, NDManager manager) {
        ImageTensors images = config.data().imageTensors(split, seed, preprocessing, cache);
        return ImageScorer.predict(block.tower(), block.head(), images, evalBatch, manager)
                .metrics(config.data().spec().metrics());
    }

    private void writeRecord(String hash, int images, int steps, double loss, double seconds,
                             MetricsResult validation, MetricsResult test) {
        ObjectNode root = JSON.createObjectNode();
        root.put("settings_hash", hash);
        root.set("settings", settings());
        root.put("train_images", images);
        root.put("steps", steps);
        root.put("final_loss", loss);
        root.put("seconds", Math.round(seconds * 10) / 10.0);
        root.set("validation", ImageFinetuner.metrics(validation));
        root.set("test", ImageFinetuner.metrics(test));
        root.set("machine", ImageFinetuner.machine(device));
        try {
            AtomicFiles.writeString(config.folder().resolve(RECORD), JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new EvomergeException(config.folder().resolve(RECORD) + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
