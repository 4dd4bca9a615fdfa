package io.evomerge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** hidden_act against its formula: gelu's values from erf tables, quick_gelu's x·sigmoid(1.702x) by hand. */
class HiddenActTest {
    private static final float[] X = {-1f, 0f, 1f, 2f};

    @Test
    void geluIsExactErfGelu() {
        // x/2 · (1 + erf(x/√2)) with erf(1/√2) = 0.682689492137, erf(√2) = 0.954499736104
        assertValues(HiddenAct.GELU, new double[] {-0.158655253931, 0, 0.841344746069, 1.954499736104});
    }

    @Test
    void quickGeluIsSigmoidScaled() {
        double[] expected = new double[X.length];
        for (int i = 0; i < X.length; i++) expected[i] = X[i] / (1 + Math.exp(-1.702 * X[i]));
        assertValues(HiddenAct.QUICK_GELU, expected);
    }

    @Test
    void parsesHfNamesOnly() {
        assertEquals(HiddenAct.QUICK_GELU, HiddenAct.parseOrNull("quick_gelu"));
        assertEquals(HiddenAct.GELU, HiddenAct.parseOrNull("gelu"));
        assertNull(HiddenAct.parseOrNull("gelu_new"));
    }

    private static void assertValues(HiddenAct act, double[] expected) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] actual = act.apply(manager.create(X)).toFloatArray();
            for (int i = 0; i < X.length; i++) assertEquals(expected[i], actual[i], 1e-6, act + "(" + X[i] + ")");
        }
    }
}
