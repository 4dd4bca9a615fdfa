package io.evomerge.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scalar operands in a training graph must outlive a garbage collection between the forward and the backward pass.
 * The churn below collects garbage and hands freed native memory out again filled with NaN, which is what made
 * DJL's {@code div(Number)} yield garbage gradients (seen as NaN at random fine-tuning steps).
 */
class NativeScalarTest {
    private static final BertConfig TINY = new BertConfig("bert", 50, 16, 2, 4, 32, 20, 2, 1e-12, "gelu", 0);

    @Test
    void aScalarOperandSurvivesGarbageCollectionBeforeBackward() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray x = manager.create(new float[] {1, 2, 3, 4});
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = x.div(NativeScalar.of(x, 8f)).sum();
                churn();
                collector.backward(y);
            }
            assertArrayEquals(new float[] {0.125f, 0.125f, 0.125f, 0.125f}, x.getGradient().toFloatArray());
        }
    }

    /** The encoder's attention scaling: the same gradients with and without the churn before backward. */
    @Test
    void attentionGradientsSurviveGarbageCollectionBeforeBackward() throws Exception {
        float[] calm = queryGradient(false);
        float[] churned = queryGradient(true);
        assertTrue(calm[0] != 0 || calm[1] != 0, "the query weight must receive a gradient");
        assertArrayEquals(calm, churned);
    }

    private static float[] queryGradient(boolean churn) throws Exception {
        Engine.getInstance().setRandomSeed(7);
        BertEncoder encoder = new BertEncoder(TINY);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optDevices(new Device[] {Device.cpu()})
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build());
        try (Model model = Model.newInstance("tiny-bert", "PyTorch")) {
            model.setBlock(encoder);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(2, 5), new Shape(2, 5), new Shape(2, 5));
                NDManager m = trainer.getManager();
                NDList inputs = new NDList(m.create(new long[] {1, 7, 8, 9, 2, 1, 3, 4, 0, 0}, new Shape(2, 5)),
                        m.create(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, new Shape(2, 5)),
                        m.create(new long[] {0, 0, 0, 1, 1, 0, 0, 1, 0, 0}, new Shape(2, 5)));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray hidden = trainer.forward(inputs).singletonOrThrow();
                    NDArray loss = hidden.mul(m.arange(16f)).sum();
                    if (churn) {
                        churn();
                    }
                    collector.backward(loss);
                }
                return encoder.parameterArray("encoder.layer.1.attention.self.query.weight").getGradient()
                        .toFloatArray();
            }
        }
    }

    /** Collects garbage (freeing unreachable direct buffers) and refills small freed blocks with NaN. */
    private static void churn() throws InterruptedException {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            System.gc();
            Thread.sleep(20);
            for (int i = 0; i < 200; i++) {
                keep.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, Float.NaN));
            }
        }
    }
}
