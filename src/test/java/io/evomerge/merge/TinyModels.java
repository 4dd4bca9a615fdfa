package io.evomerge.merge;

import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes tiny base/fine-tuned checkpoints for hand-computed merge tests. */
final class TinyModels implements AutoCloseable {
    final Checkpoint base;
    final List<Checkpoint> models = new ArrayList<>();

    /** One tensor "w" holding {@code base}, and one model per task vector ({@code base + tau[i]}). */
    static TinyModels of(Path dir, float[] base, float[]... tau) {
        Map<String, float[]> b = Map.of("w", base);
        List<Map<String, float[]>> ms = new ArrayList<>();
        for (float[] t : tau) {
            float[] theta = new float[base.length];
            for (int k = 0; k < theta.length; k++) theta[k] = base[k] + t[k];
            ms.add(Map.of("w", theta));
        }
        return new TinyModels(dir, b, ms);
    }

    TinyModels(Path dir, Map<String, float[]> base, List<Map<String, float[]>> models) {
        this.base = Checkpoints.open(write(dir.resolve("base.safetensors"), base));
        for (int i = 0; i < models.size(); i++) {
            this.models.add(Checkpoints.open(write(dir.resolve("m" + i + ".safetensors"), models.get(i))));
        }
    }

    static Path write(Path file, Map<String, float[]> tensors) {
        Map<String, float[]> ordered = new LinkedHashMap<>(tensors);
        List<TensorSpec> specs = ordered.entrySet().stream()
                .map(e -> new TensorSpec(e.getKey(), DType.F32, new long[]{e.getValue().length})).toList();
        try (CheckpointWriter w = CheckpointWriter.create(file, specs, WriteOptions.single(Map.of()))) {
            ordered.forEach(w::write);
            w.commit();
        }
        return file;
    }

    /** The merged tensor "w" as {@code backend}'s plan rebuilds it. */
    float[] merge(Backend backend, MergeSettings settings, MergeWeights weights) {
        return backend.rebuild(settings, weights, base, models).get("w");
    }

    float[] merge(MergeSettings settings, MergeWeights weights) {
        MergePlan plan = MergePlan.build(settings, base, models, Long.MAX_VALUE);
        MergedTensors out = plan.newBuffer();
        plan.apply(weights, out);
        return out.get("w");
    }

    @Override
    public void close() {
        base.close();
        models.forEach(Checkpoint::close);
    }
}
