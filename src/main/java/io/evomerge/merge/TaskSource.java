package io.evomerge.merge;

import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.TaskVector;
import io.evomerge.checkpoint.TensorInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The inputs of a merge: the base θ0 and the task vectors τi = θi − θ0 of the fine-tuned models, read chunk by chunk
 * from their (memory-mapped) checkpoints. It also says which tensors are merged: float tensors not excluded.
 */
public final class TaskSource {
    private final Checkpoint base;
    private final List<Checkpoint> models;
    private final Predicate<String> excluded;

    TaskSource(Checkpoint base, List<Checkpoint> models, Predicate<String> excluded) {
        for (Checkpoint m : models) TaskVector.requireSameLayout(base, m);
        this.base = base;
        this.models = List.copyOf(models);
        this.excluded = excluded;
    }

    /** The inputs of a merge with {@code s} (its {@code exclude} patterns), after checking the settings. */
    public static TaskSource of(MergeSettings s, Checkpoint base, List<Checkpoint> models) {
        MergeSettingsCheck.validate(s, models.size());
        return new TaskSource(base, models, Exclusions.of(s.exclude()));
    }

    public int modelCount() {
        return models.size();
    }

    public Checkpoint base() {
        return base;
    }

    /** Whether tensor {@code t} takes part in the merge (integer buffers and excluded names keep the base's value). */
    public boolean merged(TensorInfo t) {
        return t.dtype().isFloating() && !excluded.test(t.name());
    }

    public List<TensorInfo> mergedTensors() {
        List<TensorInfo> out = new ArrayList<>();
        for (TensorInfo t : base.tensors()) if (merged(t)) out.add(t);
        return out;
    }

    /**
     * τ of every model, elements [start, start + length) of tensor {@code name}, into tau[i][0..length); the base
     * slice is read once into {@code baseSlice} and subtracted from each model's (models in parallel).
     */
    public void readTasks(String name, long start, float[][] tau, float[] baseSlice, int length) {
        base.readFloats(name, start, baseSlice, 0, length);
        Parallel.forEachModel(models.size(), i -> {
            float[] dst = tau[i];
            models.get(i).readFloats(name, start, dst, 0, length);
            for (int k = 0; k < length; k++) dst[k] -= baseSlice[k];
        });
    }

    /** The rows a method's statistics are computed over (see {@link Planner#rows}). */
    public List<List<TensorInfo>> rows(MergeSettings s) {
        return Planner.rows(s, this);
    }

    void readBase(String name, long start, float[] dst, int length) {
        base.readFloats(name, start, dst, 0, length);
    }
}
