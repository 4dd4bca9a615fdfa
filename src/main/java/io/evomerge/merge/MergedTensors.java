package io.evomerge.merge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A caller-owned buffer for one merged model: a float array per float tensor, in the base's order. A plan writes
 * candidate after candidate into the same buffer, so the search allocates nothing per candidate.
 */
public final class MergedTensors {
    private final Map<String, float[]> tensors;
    private float[] electionSums = new float[0];

    MergedTensors(Map<String, float[]> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** Tensor name → values (row-major, the checkpoint's shape); the arrays are the buffer itself, not copies. */
    public Map<String, float[]> tensors() {
        return tensors;
    }

    /**
     * Working space for a sign-electing plan (Σ wi·ti over its longest row), grown once and kept with the buffer, so
     * that a rebuild allocates nothing and plans hold no per-caller state.
     */
    float[] electionSums(int length) {
        if (electionSums.length < length) electionSums = new float[length];
        return electionSums;
    }

    public float[] get(String name) {
        float[] t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("no merged tensor named " + name);
        return t;
    }
}
