package io.evomerge.cli;

import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Transformer-shaped random checkpoints for benchmarks: fast to generate (xorshift), reproducible by seed. */
final class SyntheticModels {
    private SyntheticModels() {
    }

    /** Tensors of {@code tensorSize} elements summing to about {@code parameters}. */
    static List<TensorSpec> layout(long parameters, int tensorSize) {
        List<TensorSpec> specs = new ArrayList<>();
        long left = parameters;
        for (int i = 0; left > 0; i++) {
            int size = (int) Math.min(tensorSize, left);
            specs.add(new TensorSpec(String.format("encoder.layer.%03d.weight", i), DType.F32, new long[]{size}));
            left -= size;
        }
        return specs;
    }

    /** Writes one model: base values plus, when {@code taskSeed != 0}, a task vector of scale 1e-3. */
    static void write(Path file, List<TensorSpec> specs, long taskSeed) {
        try (CheckpointWriter w = CheckpointWriter.create(file, specs, WriteOptions.single(Map.of()))) {
            for (int i = 0; i < specs.size(); i++) w.write(specs.get(i).name(), values(specs.get(i), i, taskSeed));
            w.commit();
        }
    }

    /** Tensor {@code index}'s values: the same base for every seed, plus seed-specific task noise. */
    static float[] values(TensorSpec spec, int index, long taskSeed) {
        long baseState = 0x9E3779B97F4A7C15L * (index + 1), taskState = (taskSeed * 0xBF58476D1CE4E5B9L + 1) * (index + 1);
        float[] v = new float[(int) spec.numel()];
        for (int k = 0; k < v.length; k++) {
            baseState = next(baseState);
            float x = centered(baseState) * 0.05f;
            if (taskSeed != 0) {
                taskState = next(taskState);
                x += centered(taskState) * 1e-3f;
            }
            v[k] = x;
        }
        return v;
    }

    private static long next(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return x;
    }

    /** Roughly bell-shaped in (-1, 1): the sum of two uniforms, centred. */
    private static float centered(long bits) {
        float a = (bits >>> 40) * 0x1p-24f, b = ((bits >>> 16) & 0xFFFFFF) * 0x1p-24f;
        return a + b - 1f;
    }
}
