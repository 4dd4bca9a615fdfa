package io.evomerge.experiment;

import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.device.DeviceBackend;
import io.evomerge.merge.device.DevicePlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device plans in the search's cache: a budget of one plan evicts the older one, which frees its device arrays. */
class DevicePlanCacheTest {
    @Test
    void anEvictedDevicePlanFreesItsMemory(@TempDir Path dir) {
        Path base = write(dir.resolve("base.safetensors"), 0f), a = write(dir.resolve("a.safetensors"), 0.5f),
                b = write(dir.resolve("b.safetensors"), -0.25f);
        try (DeviceBackend device = DeviceBackend.open(System.getProperty("evomerge.device", "cpu")); Checkpoint cb = Checkpoints.open(base);
             Checkpoint ca = Checkpoints.open(a); Checkpoint cbb = Checkpoints.open(b)) {
            MergeSettings ties = MergeSettings.defaults(MergeMethod.TIES, 2);
            MergeSettings denser = ties.with("density", 0.5);
            long onePlan;
            try (var probe = device.plan(ties, cb, List.of(ca, cbb), Long.MAX_VALUE)) {
                onePlan = probe.bytes();
            }
            int empty = device.liveArrays();
            try (PlanCache cache = new PlanCache(cb, List.of(ca, cbb), onePlan, device)) {
                DevicePlan first = cache.device(ties);
                assertSame(first, cache.device(ties), "a cached plan is reused");
                int withOne = device.liveArrays();
                DevicePlan second = cache.device(denser);
                assertTrue(first.isClosed(), "the older plan was evicted and closed");
                assertFalse(second.isClosed());
                assertEquals(withOne, device.liveArrays(), "only the newer plan's arrays remain");
                assertEquals(2, cache.built());
            }
            assertEquals(empty, device.liveArrays(), "closing the cache frees every plan");
        }
    }

    private static Path write(Path file, float shift) {
        List<TensorSpec> layout = List.of(new TensorSpec("w", DType.F32, new long[]{8, 8}));
        float[] v = new float[64];
        for (int k = 0; k < v.length; k++) v[k] = (float) Math.sin(k) + shift * (k % 3);
        try (CheckpointWriter w = CheckpointWriter.create(file, layout, WriteOptions.single(Map.of()))) {
            w.write("w", v);
            w.commit();
        }
        return file;
    }
}
