package io.evomerge.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    /** Gradients (3, 0) and (0, 4) have global norm 5: clipped to 1 they become (0.6, 0) and (0, 0.8). */
    @Test
    void scalesEveryGradientByTheGlobalNorm() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray a = manager.create(new float[] {3, 0});
            NDArray b = manager.create(new float[] {0, 4});
            assertEquals(5, GradientClipping.clip(List.of(a, b), 10), 1e-6);
            assertArrayEquals(new float[] {3, 0}, a.toFloatArray(), "under the limit: unchanged");
            assertEquals(5, GradientClipping.clip(List.of(a, b), 1), 1e-6);
            assertArrayEquals(new float[] {0.6f, 0}, a.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0, 0.8f}, b.toFloatArray(), 1e-6f);
            assertEquals(1, GradientClipping.clip(List.of(a, b), 1), 1e-6);
        }
    }

    /** Elements near float32's limit: each array's norm is finite, their sum of squares is taken in double. */
    @Test
    void hugeGradientsAreClippedNotOverflowed() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray a = manager.create(new float[] {3e30f, 4e30f});
            assertEquals(5e30, GradientClipping.clip(List.of(a), 1), 1e25);
            assertArrayEquals(new float[] {0.6f, 0.8f}, a.toFloatArray(), 1e-6f);
        }
    }
}
