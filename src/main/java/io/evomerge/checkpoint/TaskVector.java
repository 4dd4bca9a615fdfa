package io.evomerge.checkpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * The task vector τ = θ − θ0 of a fine-tuned checkpoint against its base, computed tensor by tensor in float32 on
 * demand. Creating one checks that both checkpoints hold the same tensor names and shapes.
 */
public final class TaskVector {
    private final Checkpoint base;
    private final Checkpoint model;

    private TaskVector(Checkpoint base, Checkpoint model) {
        this.base = base;
        this.model = model;
    }

    public static TaskVector of(Checkpoint base, Checkpoint model) {
        requireSameLayout(base, model);
        return new TaskVector(base, model);
    }

    public Checkpoint model() {
        return model;
    }

    /** τ for one tensor. */
    public float[] floats(String name) {
        float[] theta = model.floats(name);
        float[] theta0 = base.floats(name);
        for (int i = 0; i < theta.length; i++) theta[i] -= theta0[i];
        return theta;
    }

    /** τ for elements [start, start + length) of one tensor, into {@code dst} (scratch: a buffer of the same length). */
    public void readFloats(String name, long start, float[] dst, float[] scratch, int length) {
        model.readFloats(name, start, dst, 0, length);
        base.readFloats(name, start, scratch, 0, length);
        for (int i = 0; i < length; i++) dst[i] -= scratch[i];
    }

    /**
     * Refuses a model whose tensor names or shapes differ from the base, naming the first few differences.
     */
    public static void requireSameLayout(Checkpoint base, Checkpoint model) {
        List<String> diffs = new ArrayList<>();
        int count = 0;
        for (TensorInfo b : base.tensors()) {
            if (!model.contains(b.name())) {
                count++;
                if (diffs.size() < 3) diffs.add("missing " + b.name());
            } else {
                TensorInfo m = model.tensor(b.name());
                if (!m.sameShape(b)) {
                    count++;
                    if (diffs.size() < 3) diffs.add(b.name() + " is " + m.shapeString() + ", base " + b.shapeString());
                }
            }
        }
        for (TensorInfo m : model.tensors()) {
            if (!base.contains(m.name())) {
                count++;
                if (diffs.size() < 3) diffs.add("extra " + m.name());
            }
        }
        if (count > 0) {
            throw new CheckpointException(model.location() + ": " + count + " tensor(s) differ from base "
                    + base.location() + " (" + String.join("; ", diffs) + (count > diffs.size() ? "; ..." : "")
                    + "); all models must be fine-tuned from the same base");
        }
    }
}
