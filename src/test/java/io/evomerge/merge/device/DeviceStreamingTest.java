package io.evomerge.merge.device;

import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.MergeWeights;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A one-off device merge streams tensor groups: the device memory it holds at once (the bytes of the arrays alive
 * under the backend's manager, sampled whenever a group's inputs, temporaries and results are all alive) is the same
 * for a model of 8 tensors and one of 64 tensors of the same size, and under the bigger model's task
 * vectors. Model-scope methods (TIES's election, PCB's and CABS's quantiles) included.
 */
class DeviceStreamingTest {
    private static final int MODELS = 3;
    private static final int SIZE = 1024;

    @ParameterizedTest
    @EnumSource(value = MergeMethod.class, names = {"TASK_ARITHMETIC", "TIES", "DARE_TIES", "PCB", "CABS", "DELLA",
            "MODEL_STOCK"})
    void deviceMemoryIsBoundedByATensorGroupNotTheModel(MergeMethod method, @TempDir Path dir) {
        long small = peak(method, 8, dir.resolve("small"));
        long large = peak(method, 64, dir.resolve("large"));
        long taskVectors = (long) MODELS * 64 * SIZE * Float.BYTES;
        assertTrue(small > 0, "the peak is measured");
        assertEquals(small, large, method + ": peak bytes with 8 tensors vs 64");
        assertTrue(large < taskVectors, method + ": peak " + large + " bytes vs the model's task vectors " + taskVectors);
    }

    private static long peak(MergeMethod method, int tensors, Path dir) {
        List<TensorSpec> layout = new ArrayList<>();
        for (int t = 0; t < tensors; t++) layout.add(new TensorSpec(String.format("layer.%02d.w", t), DType.F32, new long[]{SIZE}));
        Random random = new Random(3);
        Path base = write(dir.resolve("base.safetensors"), layout, random, 0f);
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < MODELS; i++) paths.add(write(dir.resolve("m" + i + ".safetensors"), layout, random, 0.1f));
        List<Checkpoint> models = new ArrayList<>();
        try (Checkpoint b = Checkpoints.open(base);
             DeviceBackend backend = DeviceBackend.open(System.getProperty("evomerge.device", "cpu"))) {
            for (Path p : paths) models.add(Checkpoints.open(p));
            MergeSettings s = MergeSettings.defaults(method, MODELS);
            if (method.parameter("scope").isPresent() && method != MergeMethod.CABS) s = s.with("scope", "model");
            if (method == MergeMethod.CABS) s = s.with("pruning", "magnitude").with("scope", "model");
            Path out = dir.resolve("out");
            backend.merge(s, new MergeWeights(new double[]{0.7, 1.2, 0.9}, 0.8), b, models, out, null,
                    WriteOptions.single(Map.of()));
            assertEquals(0, backend.liveArrays(), "every group's arrays are freed");
            return backend.peakBytes();
        } finally {
            models.forEach(Checkpoint::close);
        }
    }

    private static Path write(Path file, List<TensorSpec> layout, Random random, float scale) {
        try (CheckpointWriter w = CheckpointWriter.create(file, layout, WriteOptions.single(Map.of()))) {
            for (TensorSpec t : layout) {
                float[] v = new float[SIZE];
                for (int k = 0; k < SIZE; k++) v[k] = (float) random.nextGaussian() * (scale == 0 ? 1 : scale);
                w.write(t.name(), v);
            }
            w.commit();
        }
        return file;
    }
}
