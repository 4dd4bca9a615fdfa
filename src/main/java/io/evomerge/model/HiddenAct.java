package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The feed-forward activations of HF's {@code hidden_act} that the encoders here support. */
public enum HiddenAct {
    /**
     * Exact (erf) GELU as HF's "gelu", not the tanh approximation: PyTorch's fused kernel, one pass over the largest
     * activation instead of the five that x/2 * (1 + erf(x/sqrt 2)) spelled out in NDArray ops costs.
     */
    GELU("gelu"),
    /** OpenAI CLIP's x · sigmoid(1.702 x) (HF's "quick_gelu"). */
    QUICK_GELU("quick_gelu");

    private final String hfName;

    HiddenAct(String hfName) {
        this.hfName = hfName;
    }

    public String hfName() {
        return hfName;
    }

    NDArray apply(NDArray x) {
        return switch (this) {
            case GELU -> Activation.gelu(x);
            case QUICK_GELU -> x.mul(Activation.sigmoid(x.mul(NativeScalar.of(x, 1.702f))));
        };
    }

    /** The activation HF calls {@code name}, or null when none here is. */
    public static HiddenAct parseOrNull(String name) {
        return Arrays.stream(values()).filter(a -> a.hfName.equals(name)).findFirst().orElse(null);
    }

    /** The supported names, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(HiddenAct::hfName).collect(Collectors.joining(", "));
    }
}
