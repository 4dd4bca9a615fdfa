package io.evomerge.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A scalar operand in a training graph must outlive a garbage collection between the forward and the backward pass;
 * DJL's {@code div(Number)} does not (its gradients then came out as garbage or NaN). The encoder's own use is
 * checked in {@code BertEncoderTest}.
 */
class NativeScalarTest {

    @Test
    @Tag("slow")
    void aScalarOperandSurvivesGarbageCollectionBeforeBackward() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray x = manager.create(new float[] {1, 2, 3, 4});
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = x.div(NativeScalar.of(x, 8f)).sum();
                GarbageChurn.run();
                collector.backward(y);
            }
            assertArrayEquals(new float[] {0.125f, 0.125f, 0.125f, 0.125f}, x.getGradient().toFloatArray());
        }
    }
}
