package io.evomerge.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BertEncoderTest {
    private static final BertConfig TINY = new BertConfig("bert", 50, 16, 2, 4, 32, 20, 2, 1e-12, "gelu", 0);

    @Test
    void parameterNamesAndShapesFollowHuggingFace() {
        List<ParameterShape> shapes = new BertEncoder(TINY).parameterShapes();
        assertEquals(5 + 16 * 2, shapes.size());
        Map<String, ParameterShape> byName = shapes.stream()
                .collect(Collectors.toMap(ParameterShape::name, Function.identity()));
        assertArrayEquals(new long[] {50, 16}, byName.get("embeddings.word_embeddings.weight").shape());
        assertArrayEquals(new long[] {20, 16}, byName.get("embeddings.position_embeddings.weight").shape());
        assertArrayEquals(new long[] {2, 16}, byName.get("embeddings.token_type_embeddings.weight").shape());
        assertArrayEquals(new long[] {16}, byName.get("embeddings.LayerNorm.bias").shape());
        assertArrayEquals(new long[] {16, 16}, byName.get("encoder.layer.1.attention.self.key.weight").shape());
        assertArrayEquals(new long[] {32, 16}, byName.get("encoder.layer.0.intermediate.dense.weight").shape());
        assertArrayEquals(new long[] {16, 32}, byName.get("encoder.layer.1.output.dense.weight").shape());
        assertArrayEquals(new long[] {16}, byName.get("encoder.layer.1.output.LayerNorm.weight").shape());
        assertEquals("embeddings.word_embeddings.weight", shapes.getFirst().name());
        assertEquals("encoder.layer.1.output.LayerNorm.bias", shapes.getLast().name());
    }

    /** The search's inner loop: overwrite weights in place, re-run, restore, with no re-allocation anywhere. */
    @Test
    void setParameterWritesInPlaceAndRestoresExactly() {
        HfModelFolder folder = BundledModels.load(BundledModel.ALL_MINILM_L6_V2);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            BertEncoder encoder = new BertEncoder(folder.config());
            encoder.initializeParameters(manager);
            encoder.loadParameters(folder.weightMap());
            Map<String, NDArray> before = arrays(encoder);
            Map<String, Long> storage = addresses(before);
            long[] ids = {101, 7592, 2088, 2003, 1037, 2204, 2154, 102};

            float[] original = run(encoder, manager, ids);
            try (NDManager scope = manager.newSubManager()) {
                NDArray input = scope.create(ids, new Shape(1, ids.length));
                assertArrayEquals(original, encoder.lastHiddenState(input, input.onesLike(), null).toFloatArray(),
                        "absent token_type_ids mean zeros");
            }
            String name = "encoder.layer.3.attention.output.dense.weight";
            float[] saved = encoder.getParameter(name);
            assertArrayEquals(folder.weightMap().get(name), saved);

            encoder.setParameter(name, new float[saved.length]);
            assertArrayEquals(new float[saved.length], encoder.getParameter(name));
            float[] zeroed = run(encoder, manager, ids);
            assertFalse(Arrays.equals(original, zeroed), "zeroing a projection must change the output");

            encoder.setParameter(name, saved);
            assertArrayEquals(original, run(encoder, manager, ids), "restoring must give identical outputs");
            Map<String, NDArray> after = arrays(encoder);
            before.forEach((n, array) -> assertSame(array, after.get(n), n + " was re-allocated"));
            assertEquals(storage, addresses(after), "a parameter was re-pointed to other memory");
        }
    }

    @Test
    void loadingRejectsMissingAndMisshapenTensorsNamingThem() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            BertEncoder encoder = new BertEncoder(TINY);
            encoder.initializeParameters(manager);
            Map<String, float[]> weights = new HashMap<>();
            encoder.parameterShapes().forEach(s -> weights.put(s.name(), new float[s.elementCount()]));
            weights.put("pooler.dense.weight", new float[3]);
            encoder.loadParameters(weights);

            weights.put("encoder.layer.1.intermediate.dense.weight", new float[7]);
            String message = assertThrows(IllegalArgumentException.class, () -> encoder.loadParameters(weights))
                    .getMessage();
            assertEquals("weight encoder.layer.1.intermediate.dense.weight: expected shape [32, 16] (512 values)"
                    + " but got 7 values", message);

            weights.remove("encoder.layer.1.intermediate.dense.weight");
            assertTrue(assertThrows(IllegalArgumentException.class, () -> encoder.loadParameters(weights))
                    .getMessage().contains("encoder.layer.1.intermediate.dense.weight"));

            List<NamedTensor> transposed = List.of(new NamedTensor("encoder.layer.0.intermediate.dense.weight",
                    new long[] {16, 32}, new float[512]));
            assertEquals("weight encoder.layer.0.intermediate.dense.weight: expected shape (32, 16) but got [16, 32]",
                    assertThrows(IllegalArgumentException.class, () -> encoder.loadTensors(transposed)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> encoder.setParameter("bert.pooler", new float[1]));
        }
    }

    /** DJL's Trainer can fine-tune the block: real gradients, optimizer updates land in the same arrays. */
    @Test
    void trainerComputesGradientsAndUpdatesParametersInPlace() throws Exception {
        BertEncoder encoder = new BertEncoder(TINY);
        try (Model model = Model.newInstance("tiny-bert", "PyTorch"); Trainer trainer = tinyTrainer(model, encoder)) {
            String name = "encoder.layer.0.attention.self.query.weight";
            // Overwriting through the search API must keep the array trainable.
            encoder.setParameter(name, encoder.getParameter(name));
            NDArray query = encoder.parameterArray(name);
            float[] before = query.toFloatArray();
            forwardBackward(trainer, () -> { });
            NDArray gradient = query.getGradient();
            assertNotNull(gradient);
            assertTrue(gradient.abs().sum().getFloat() > 0, "query weight must receive a gradient");
            trainer.step();
            assertSame(query, encoder.parameterArray(name));
            assertFalse(Arrays.equals(before, encoder.getParameter(name)), "SGD step must change the weight");
        }
    }

    /**
     * Attention's scaling by 1/sqrt(d) keeps its scalar alive through the backward pass: the same gradients with
     * and without a garbage collection (freed memory refilled with NaN) between forward and backward.
     */
    @Test
    void attentionGradientsSurviveGarbageCollectionBeforeBackward() throws Exception {
        float[] calm = queryGradient(() -> { });
        float[] churned = queryGradient(GarbageChurn::run);
        assertTrue(calm[0] != 0 || calm[1] != 0, "the query weight must receive a gradient");
        assertArrayEquals(calm, churned);
    }

    private static float[] queryGradient(GarbageChurn.Action beforeBackward) throws Exception {
        Engine.getInstance().setRandomSeed(7);
        BertEncoder encoder = new BertEncoder(TINY);
        try (Model model = Model.newInstance("tiny-bert", "PyTorch"); Trainer trainer = tinyTrainer(model, encoder)) {
            forwardBackward(trainer, beforeBackward);
            return encoder.parameterArray("encoder.layer.1.attention.self.query.weight").getGradient().toFloatArray();
        }
    }

    /** An SGD trainer (learning rate 0.1) of the tiny encoder, initialised for [2, 5] inputs. */
    private static Trainer tinyTrainer(Model model, BertEncoder encoder) {
        model.setBlock(encoder);
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                .optDevices(new Device[] {Device.cpu()})
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build()));
        trainer.initialize(new Shape(2, 5), new Shape(2, 5), new Shape(2, 5));
        return trainer;
    }

    /** One forward and backward pass on two fixed rows, {@code beforeBackward} run between them. */
    private static void forwardBackward(Trainer trainer, GarbageChurn.Action beforeBackward) throws Exception {
        NDManager m = trainer.getManager();
        NDList inputs = new NDList(m.create(new long[] {1, 7, 8, 9, 2, 1, 3, 4, 0, 0}, new Shape(2, 5)),
                m.create(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, new Shape(2, 5)),
                m.create(new long[] {0, 0, 0, 1, 1, 0, 0, 1, 0, 0}, new Shape(2, 5)));
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray hidden = trainer.forward(inputs).singletonOrThrow();
            // A plain sum would be constant: LayerNorm outputs (gamma 1, beta 0) sum to zero per token.
            NDArray loss = hidden.mul(m.arange(16f)).sum();
            beforeBackward.run();
            collector.backward(loss);
        }
    }

    @Test
    void positionIdsFollowBertAndRobertaConventions() {
        BertConfig roberta = new BertConfig("roberta", 50, 16, 1, 4, 32, 20, 1, 1e-5, "gelu", 1);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray ids = manager.create(new long[] {0, 9, 8, 2, 1, 1, 0, 2, 1, 1, 1, 1}, new Shape(2, 6));
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5},
                    BertEncoder.positionIds(ids, TINY).toLongArray());
            assertArrayEquals(new long[] {2, 3, 4, 5, 1, 1, 2, 3, 1, 1, 1, 1},
                    BertEncoder.positionIds(ids, roberta).toLongArray());
            NDArray tooLong = manager.zeros(new Shape(1, 19), ai.djl.ndarray.types.DataType.INT64);
            assertEquals("input length 19 needs 21 positions but max_position_embeddings is 20; truncate in the"
                    + " tokenizer", assertThrows(IllegalArgumentException.class,
                    () -> BertEncoder.positionIds(tooLong, roberta)).getMessage());
        }
    }

    @Test
    void meanPoolAveragesAttendedTokensOnly() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray hidden = manager.create(new float[] {1, 2, 3, 4, 100, 100, 5, 6, 7, 8, 9, 10}, new Shape(2, 3, 2));
            NDArray mask = manager.create(new long[] {1, 1, 0, 1, 1, 1}, new Shape(2, 3));
            assertArrayEquals(new float[] {2, 3, 7, 8}, BertEncoder.meanPool(hidden, mask).toFloatArray(), 1e-6f);
        }
    }

    private static float[] run(BertEncoder encoder, NDManager manager, long[] ids) {
        try (NDManager scope = manager.newSubManager()) {
            Shape shape = new Shape(1, ids.length);
            long[] ones = new long[ids.length];
            Arrays.fill(ones, 1);
            return encoder.lastHiddenState(scope.create(ids, shape), scope.create(ones, shape),
                    scope.zeros(shape, ai.djl.ndarray.types.DataType.INT64)).toFloatArray();
        }
    }

    private static Map<String, Long> addresses(Map<String, NDArray> arrays) {
        return arrays.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> NativeStorage.address(e.getValue())));
    }

    private static Map<String, NDArray> arrays(BertEncoder encoder) {
        return encoder.parameterShapes().stream().collect(Collectors.toMap(ParameterShape::name,
                s -> encoder.parameterArray(s.name())));
    }
}
