package io.evomerge.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.AtomicFiles;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.TaskKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfFoldersTest {
    private static final BertConfig SMALL = new BertConfig("bert", 60, 16, 2, 4, 32, 24, 2, 1e-12, "gelu", 0);
    private static final long[] IDS = {2, 17, 5, 44, 9, 3, 0, 0, 2, 8, 8, 30, 3, 12, 40, 3};
    private static final long[] MASK = {1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1};
    private static final long[] TYPES = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1};

    /**
     * A BertForSequenceClassification as transformers saves it (bert.-prefixed names, pooler, classifier, a
     * position_ids buffer, sharded) reloads to the same encoder and head outputs, computed independently from
     * the in-memory weights.
     */
    @Test
    void sequenceClassificationCheckpointReloadsWithIdenticalOutputs(@TempDir Path dir) throws Exception {
        Random random = new Random(7);
        Map<String, float[]> encoderWeights = new LinkedHashMap<>();
        List<TensorSpec> specs = new ArrayList<>();
        for (ParameterShape s : new BertEncoder(SMALL).parameterShapes()) {
            encoderWeights.put(s.name(), gaussian(random, s.elementCount()));
            specs.add(new TensorSpec("bert." + s.name(), DType.F32, s.shape()));
        }
        Map<String, float[]> extra = new LinkedHashMap<>();
        extra.put("bert.pooler.dense.weight", gaussian(random, 16 * 16));
        extra.put("bert.pooler.dense.bias", gaussian(random, 16));
        extra.put("classifier.weight", gaussian(random, 3 * 16));
        extra.put("classifier.bias", gaussian(random, 3));
        specs.add(new TensorSpec("bert.pooler.dense.weight", DType.F32, new long[] {16, 16}));
        specs.add(new TensorSpec("bert.pooler.dense.bias", DType.F32, new long[] {16}));
        specs.add(new TensorSpec("classifier.weight", DType.F32, new long[] {3, 16}));
        specs.add(new TensorSpec("classifier.bias", DType.F32, new long[] {3}));
        specs.add(new TensorSpec("bert.embeddings.position_ids", DType.I64, new long[] {1, 24}));
        Path folder = dir.resolve("hf");
        try (CheckpointWriter w = CheckpointWriter.create(folder, specs, new WriteOptions(20_000, Map.of()))) {
            encoderWeights.forEach((n, v) -> w.write("bert." + n, v));
            extra.forEach(w::write);
            w.writeRaw("bert.embeddings.position_ids", new byte[24 * 8]);
            w.commit();
        }
        assertTrue(Files.exists(folder.resolve("model.safetensors.index.json")), "the fixture must be sharded");
        AtomicFiles.writeString(folder.resolve("config.json"), SMALL.toJson());

        HfModel loaded = HfFolders.read(folder);
        assertEquals(SMALL, loaded.encoder().config());
        assertEquals(Pooling.POOLER, loaded.headPooling());
        assertEquals(3, loaded.headOutputs());

        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            BertEncoder original = encoder(manager, encoderWeights);
            BertEncoder reloaded = encoder(manager, loaded.encoder().weightMap());
            assertArrayEquals(hidden(original, manager), hidden(reloaded, manager));

            TaskHead head = new TaskHead(new HeadConfig(TaskKind.CLASSIFICATION, 3, Pooling.POOLER, 0.1f, PairEncoding.CROSS_ENCODER), 16);
            head.initializeParameters(manager, 16);
            head.load(loaded.head());
            float[] scores = scores(reloaded, head, manager);
            // Independent truth: BertForSequenceClassification's classifier(tanh(pooler(h[CLS]))) by hand.
            float[] h = hidden(original, manager);
            float[] expected = new float[2 * 3];
            for (int row = 0; row < 2; row++) {
                float[] cls = new float[16];
                System.arraycopy(h, row * 8 * 16, cls, 0, 16);
                float[] pooled = linear(cls, extra.get("bert.pooler.dense.weight"), extra.get("bert.pooler.dense.bias"));
                for (int i = 0; i < pooled.length; i++) {
                    pooled[i] = (float) Math.tanh(pooled[i]);
                }
                System.arraycopy(linear(pooled, extra.get("classifier.weight"), extra.get("classifier.bias")), 0,
                        expected, row * 3, 3);
            }
            assertArrayEquals(expected, scores, 1e-5f);
        }
    }

    /** Our own writer: BertModel names, config and tokenizer; the round trip is bit-exact. */
    @Test
    void writtenFolderReloadsBitExactAndHeadsRoundTrip(@TempDir Path dir) throws Exception {
        Path folder = TinyBert.folder(dir.resolve("m"), 3);
        assertTrue(Files.isRegularFile(folder.resolve("tokenizer.json")));
        HfModel loaded = HfFolders.read(folder);
        assertEquals(TinyBert.CONFIG, loaded.encoder().config());
        assertTrue(loaded.head().isEmpty());
        List<NamedTensor> expected = TinyBert.weights(3);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).name(), loaded.encoder().weights().get(i).name());
            assertArrayEquals(expected.get(i).data(), loaded.encoder().weights().get(i).data());
        }
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TaskHead head = new TaskHead(new HeadConfig(TaskKind.REGRESSION, 1, Pooling.MEAN, 0.1f, PairEncoding.CROSS_ENCODER), 32);
            head.initializeParameters(manager, 32);
            HfFolders.writeHead(folder, head);
            Map<String, float[]> saved = HfFolders.readHead(folder);
            assertEquals(List.of("head.dense.weight", "head.dense.bias"), List.copyOf(saved.keySet()));
            assertArrayEquals(head.weights().get("head.dense.weight"), saved.get("head.dense.weight"));
        }
    }

    @Test
    void missingTensorsAndConfigAreOneLineErrorsNamingTheFile(@TempDir Path dir) throws Exception {
        assertTrue(assertThrows(EvomergeException.class, () -> HfFolders.read(dir)).getMessage()
                .contains("no config.json"));
        Path folder = TinyBert.folder(dir.resolve("m"), 1);
        BertConfig deeper = new BertConfig("bert", 30522, 32, 3, 4, 64, 130, 2, 1e-12, "gelu", 0);
        AtomicFiles.writeString(folder.resolve("config.json"), deeper.toJson());
        String message = assertThrows(EvomergeException.class, () -> HfFolders.read(folder)).getMessage();
        assertTrue(message.contains("model.safetensors: no tensor encoder.layer.2.attention.self.query.weight"),
                message);
    }

    /** Pooling by hand: mean over attended tokens, or the first token. */
    @Test
    void headsPoolAsConfigured() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray hidden = manager.create(new float[] {1, 2, 3, 4, 100, 100, 5, 6, 7, 8, 9, 10}, new Shape(2, 3, 2));
            NDArray mask = manager.create(new long[] {1, 1, 0, 1, 1, 1}, new Shape(2, 3));
            Map<String, float[]> weights = Map.of("head.dense.weight", new float[] {1, 10}, "head.dense.bias",
                    new float[] {0.5f});
            TaskHead mean = new TaskHead(new HeadConfig(TaskKind.REGRESSION, 1, Pooling.MEAN, 0.5f,
                    PairEncoding.CROSS_ENCODER), 2);
            mean.initializeParameters(manager, 2);
            mean.load(weights);
            assertArrayEquals(new float[] {2 + 30 + 0.5f, 7 + 80 + 0.5f}, mean.scores(hidden, mask).toFloatArray(), 1e-4f);
            TaskHead cls = new TaskHead(new HeadConfig(TaskKind.REGRESSION, 1, Pooling.CLS, 0.5f,
                    PairEncoding.CROSS_ENCODER), 2);
            cls.initializeParameters(manager, 2);
            cls.load(weights);
            assertArrayEquals(new float[] {1 + 20 + 0.5f, 5 + 60 + 0.5f}, cls.scores(hidden, mask).toFloatArray(), 1e-4f);
            assertThrows(IllegalArgumentException.class, () -> cls.load(Map.of("head.dense.weight", new float[2])));
        }
    }

    /**
     * A bi-encoder head by hand: one example whose first and second sentences mean-pool to (2, 3) and (7, 8), scaled
     * to unit length u and v; the linear layer sees (u, v, |u - v|, u * v).
     */
    @Test
    void biEncoderHeadComparesTheTwoPooledSentences() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] w = {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 1, -1, 0.5f, 0};
            TaskHead head = pairHead(manager, PairEncoding.BI_ENCODER, w, new float[] {0.5f, -1});
            assertEquals("head.dense.weight", head.parameterShapes().getFirst().name());
            assertArrayEquals(new long[] {2, 8}, head.parameterShapes().getFirst().shape());
            double u0 = 2 / Math.sqrt(13);
            double u1 = 3 / Math.sqrt(13);
            double v0 = 7 / Math.sqrt(113);
            double v1 = 8 / Math.sqrt(113);
            double[] features = {u0, u1, v0, v1, Math.abs(u0 - v0), Math.abs(u1 - v1), u0 * v0, u1 * v1};
            float[] expected = new float[2];
            for (int k = 0; k < 2; k++) {
                double s = k == 0 ? 0.5 : -1;
                for (int j = 0; j < 8; j++) {
                    s += w[k * 8 + j] * features[j];
                }
                expected[k] = (float) s;
            }
            assertPairScores(expected, head, manager);
            NDArray hidden = manager.create(TWO_SENTENCES, new Shape(2, 3, 2));
            NDArray mask = manager.create(TWO_MASKS, new Shape(2, 3));
            assertThrows(IllegalArgumentException.class, () -> head.scores(hidden, mask), "one sentence per row");
            assertArrayEquals(new float[] {2, 3, 7, 8}, head.pool(hidden, mask).toFloatArray(), 1e-6f);
        }
        assertThrows(IllegalArgumentException.class, () -> new HeadConfig(TaskKind.MULTIPLE_CHOICE, 1, Pooling.MEAN,
                0f, PairEncoding.BI_ENCODER));
    }

    /**
     * The cosine head by hand: pooled sentences (2, 3) and (7, 8) have cosine 38 / sqrt(13 * 113); each output is
     * its weight times 20 cos plus its bias.
     */
    @Test
    void cosineHeadScoresTheScaledCosineOfThePooledSentences() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TaskHead head = pairHead(manager, PairEncoding.BI_ENCODER_COSINE, new float[] {0.5f, -2},
                    new float[] {1, 3});
            assertArrayEquals(new long[] {2, 1}, head.parameterShapes().getFirst().shape());
            double scaledCosine = 20 * 38 / Math.sqrt(13 * 113);
            assertPairScores(new float[] {(float) (0.5 * scaledCosine + 1), (float) (-2 * scaledCosine + 3)}, head,
                    manager);
        }
    }

    /** One example's two sentences, [2 rows, 3 tokens, hidden 2]: they mean-pool to (2, 3) and (7, 8). */
    private static final float[] TWO_SENTENCES = {1, 2, 3, 4, 100, 100, 5, 6, 7, 8, 9, 10};
    private static final long[] TWO_MASKS = {1, 1, 0, 1, 1, 1};

    /** A two-class, mean-pooling pair head on hidden size 2 with the given dense weight and bias. */
    private static TaskHead pairHead(NDManager manager, PairEncoding pairs, float[] weight, float[] bias) {
        TaskHead head = new TaskHead(new HeadConfig(TaskKind.CLASSIFICATION, 2, Pooling.MEAN, 0.1f, pairs), 2);
        head.initializeParameters(manager, 2);
        head.load(Map.of("head.dense.weight", weight, "head.dense.bias", bias));
        return head;
    }

    /** Both inference paths on {@link #TWO_SENTENCES}: forward on the two rows, and pairScores on their pooled pair. */
    private static void assertPairScores(float[] expected, TaskHead head, NDManager manager) {
        NDArray hidden = manager.create(TWO_SENTENCES, new Shape(2, 3, 2));
        NDArray mask = manager.create(TWO_MASKS, new Shape(2, 3));
        NDList sentences = new NDList(hidden.get("0:1"), mask.get("0:1"), hidden.get("1:2"), mask.get("1:2"));
        assertArrayEquals(expected, head.forward(new ParameterStore(manager, false), sentences, false)
                .singletonOrThrow().toFloatArray(), 1e-4f);
        assertArrayEquals(expected, head.pairScores(head.pool(hidden, mask).reshape(1, 2, 2)).toFloatArray(), 1e-4f);
    }

    private static BertEncoder encoder(NDManager manager, Map<String, float[]> weights) {
        BertEncoder encoder = new BertEncoder(SMALL);
        encoder.initializeParameters(manager);
        encoder.loadParameters(weights);
        return encoder;
    }

    private static float[] hidden(BertEncoder encoder, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            Shape shape = new Shape(2, 8);
            return encoder.lastHiddenState(scope.create(IDS, shape), scope.create(MASK, shape),
                    scope.create(TYPES, shape)).toFloatArray();
        }
    }

    private static float[] scores(BertEncoder encoder, TaskHead head, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            Shape shape = new Shape(2, 8);
            NDArray mask = scope.create(MASK, shape);
            return head.scores(encoder.lastHiddenState(scope.create(IDS, shape), mask, scope.create(TYPES, shape)),
                    mask).toFloatArray();
        }
    }

    private static float[] linear(float[] x, float[] w, float[] b) {
        float[] y = new float[b.length];
        for (int o = 0; o < b.length; o++) {
            double sum = b[o];
            for (int i = 0; i < x.length; i++) {
                sum += (double) w[o * x.length + i] * x[i];
            }
            y[o] = (float) sum;
        }
        return y;
    }

    private static float[] gaussian(Random random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (0.2 * random.nextGaussian());
        }
        return out;
    }
}
