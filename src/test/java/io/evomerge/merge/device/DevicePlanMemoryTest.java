package io.evomerge.merge.device;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorInfo;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Native memory of device plans, counted as the arrays alive under the backend's manager: building a plan adds its
 * arrays; 200 candidates rebuilt in place into a model's arrays leave the count where it was (every temporary is
 * freed per candidate) and add nothing to the model's manager; closing the plan returns it to the baseline.
 */
class DevicePlanMemoryTest {
    @ParameterizedTest
    @EnumSource(MergeMethod.class)
    void candidatesFreeTheirTemporariesAndClosingAPlanFreesIt(MergeMethod method, @TempDir Path dir) {
        Random r = new Random(5);
        Path base = write(dir.resolve("base.safetensors"), r, null);
        int count = method.inputs().nearest(2);
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < count; i++) paths.add(write(dir.resolve("m" + i + ".safetensors"), r, base));
        try (DeviceBackend backend = DeviceBackend.open(System.getProperty("evomerge.device", "cpu"));
             NDManager model = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             Checkpoint b = Checkpoints.open(base)) {
            List<Checkpoint> models = new ArrayList<>();
            for (Path p : paths) models.add(Checkpoints.open(p));
            Map<String, NDArray> parameters = new LinkedHashMap<>();
            for (TensorInfo t : b.tensors()) parameters.put(t.name(), model.zeros(new Shape(t.shape())));
            int baseline = backend.liveArrays(), modelArrays = model.getManagedArrays().size();

            DevicePlan plan = backend.plan(MergeSettings.defaults(method, count), b, models, Long.MAX_VALUE);
            int withPlan = backend.liveArrays();
            assertTrue(withPlan > baseline, "the plan's arrays are counted");
            for (int c = 0; c < 200; c++) {
                double[] w = java.util.Arrays.copyOf(new double[]{0.5 + c * 0.01, 1.5 - c * 0.005}, count);
                plan.apply(new MergeWeights(w, 0.9), parameters);
                assertEquals(withPlan, backend.liveArrays(), "arrays under the backend after candidate " + c);
                assertEquals(modelArrays, model.getManagedArrays().size(), "arrays under the model after candidate " + c);
            }
            plan.close();
            assertTrue(plan.isClosed());
            assertEquals(baseline, backend.liveArrays(), "a closed plan frees its arrays");
            models.forEach(Checkpoint::close);
        }
    }

    private static Path write(Path file, Random random, Path base) {
        List<TensorSpec> layout = List.of(new TensorSpec("layer.w", DType.F32, new long[]{16, 24}),
                new TensorSpec("layer.b", DType.F32, new long[]{24}));
        try (CheckpointWriter w = CheckpointWriter.create(file, layout, WriteOptions.single(Map.of()));
             Checkpoint b = base == null ? null : Checkpoints.open(base)) {
            for (TensorSpec t : layout) {
                float[] v = new float[Math.toIntExact(t.numel())];
                for (int k = 0; k < v.length; k++) {
                    v[k] = (b == null ? 0 : b.floats(t.name())[k]) + (float) random.nextGaussian() * 0.1f;
                }
                w.write(t.name(), v);
            }
            w.commit();
        }
        return file;
    }
}
