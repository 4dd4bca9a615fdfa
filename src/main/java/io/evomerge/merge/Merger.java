package io.evomerge.merge;

import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One merge straight to disk, tensor by tensor: plans are combined and written as they come and then dropped, so
 * with {@code scope: tensor} peak memory is about (models + 2) × the largest tensor. Model-scope TIES/DARE-TIES keep
 * one row's plans (their sign election spans the row). The output is written atomically.
 */
public final class Merger {
    private Merger() {
    }

    /**
     * Merges and writes the result to {@code out} (a .safetensors file or a Hugging Face folder).
     *
     * @param outputType dtype of float tensors in the output, or null to keep each tensor's own
     */
    public static void merge(MergeSettings settings, MergeWeights weights, Checkpoint base, List<Checkpoint> models,
                             Path out, DType outputType, WriteOptions writeOptions) {
        merge(Schedule.constant(settings, weights), base, models, out, outputType, writeOptions);
    }

    /** As above with each tensor's settings and weights from {@code schedule} (a config's gradients and filters). */
    public static void merge(Schedule schedule, Checkpoint base, List<Checkpoint> models, Path out, DType outputType,
                             WriteOptions writeOptions) {
        MergeSettings global = schedule.settings("");
        MergeSettingsCheck.validate(global, models.size());
        TaskSource source = new TaskSource(base, models, Exclusions.of(global.exclude()));
        List<TensorSpec> specs = base.tensors().stream().map(t -> TensorSpec.of(t, outputType)).toList();
        try (CheckpointWriter writer = CheckpointWriter.create(out, specs, writeOptions)) {
            for (TensorInfo t : base.tensors()) {
                if (!source.merged(t)) {
                    if (t.dtype().isFloating()) writer.write(t.name(), base.floats(t.name()));
                    else writer.writeRaw(t.name(), base.rawBytes(t.name()));
                }
            }
            if (!global.method().electsSigns()) {
                Planner.forEachPlan(schedule::settings, source, new Planner.Visitor() {
                    @Override
                    public void plan(TensorPlan p) {
                        Coefficients c = Coefficients.of(schedule.settings(p.name()), schedule.weights(p.name()));
                        float[] b = base.floats(p.name());
                        float[] merged = new float[b.length];
                        Combiner.linear(b, p, c.baseScale(), c.perModel(), merged);
                        writer.write(p.name(), merged);
                    }

                    @Override
                    public void endRow() {
                    }
                });
            } else {
                Planner.forEachRow(schedule::settings, source, row -> {
                    Map<String, float[]> bases = new HashMap<>(), outs = new HashMap<>();
                    for (TensorPlan p : row) {
                        float[] b = base.floats(p.name());
                        bases.put(p.name(), b);
                        outs.put(p.name(), new float[b.length]);
                    }
                    long rowLength = bases.values().stream().mapToLong(a -> a.length).sum();
                    Combiner.consensus(row, bases, name -> schedule.weights(name).asFloats(),
                            name -> schedule.weights(name).lambda(), global.normalize(), outs,
                            new float[Math.toIntExact(rowLength)]);
                    outs.forEach(writer::write);
                });
            }
            writer.commit();
        }
    }
}
