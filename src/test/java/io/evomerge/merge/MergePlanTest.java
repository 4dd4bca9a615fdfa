package io.evomerge.merge;

import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The search's plan/rebuild path against the one-shot merge to disk, on a small random model with a head and a buffer. */
class MergePlanTest {
    @TempDir
    Path dir;

    private static final long[] EMB = {50, 8}, W = {8, 8}, HEAD = {3, 8};

    private Path model(String name, long seed, Random shared) {
        Random r = new Random(seed);
        Map<String, float[]> t = new LinkedHashMap<>();
        for (String n : List.of("emb.weight", "layer.0.w", "layer.1.w", "classifier.weight")) {
            long[] shape = n.startsWith("emb") ? EMB : n.startsWith("classifier") ? HEAD : W;
            float[] v = new float[(int) (shape[0] * shape[1])];
            for (int k = 0; k < v.length; k++) v[k] = (float) r.nextGaussian() * 0.02f;
            t.put(n, v);
        }
        Path file = dir.resolve(name + ".safetensors");
        List<TensorSpec> specs = new ArrayList<>();
        t.forEach((n, v) -> specs.add(new TensorSpec(n, DType.F32, n.startsWith("emb") ? EMB : n.startsWith("classifier") ? HEAD : W)));
        specs.add(new TensorSpec("position_ids", DType.I64, new long[]{1, 4}));
        try (CheckpointWriter w = CheckpointWriter.create(file, specs, WriteOptions.single(Map.of()))) {
            t.forEach(w::write);
            ByteBuffer ids = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < 4; i++) ids.putLong(i);
            w.writeRaw("position_ids", ids.array());
            w.commit();
        }
        return file;
    }

    @Test
    void rebuildFromAPlanEqualsTheMergeWrittenToDiskForEveryMethod() {
        Random shared = new Random(0);
        Path basePath = model("base", 1, shared);
        List<Path> paths = List.of(model("a", 2, shared), model("b", 3, shared), model("c", 4, shared));
        try (Checkpoint base = Checkpoints.open(basePath)) {
            List<Checkpoint> models = paths.stream().map(Checkpoints::open).toList();
            MergeWeights w = new MergeWeights(new double[]{0.9, 1.2, 1.05}, 0.8);
            for (MergeMethod m : MergeMethod.values()) {
                MergeSettings s = MergeSettings.defaults(m, 3);
                if (m.parameter("seed").isPresent()) s = s.with("seed", 5);
                s = s.with("exclude", List.of("^classifier\\."));
                MergePlan plan = MergePlan.build(s, base, models, Long.MAX_VALUE);
                MergedTensors buffer = plan.newBuffer();
                float[] layer0 = buffer.get("layer.0.w");
                plan.apply(MergeWeights.uniform(3, 1), buffer); // a first candidate, overwritten by the next
                plan.apply(w, buffer);
                assertSame(layer0, buffer.get("layer.0.w"), "the buffer is reused, not reallocated");

                Path out = dir.resolve(m.configName() + ".safetensors");
                Merger.merge(s, w, base, models, out, null, WriteOptions.single(Map.of()));
                try (Checkpoint disk = Checkpoints.open(out)) {
                    for (String n : List.of("emb.weight", "layer.0.w", "layer.1.w")) {
                        assertArrayEquals(disk.floats(n), buffer.get(n), 1e-7f, m + " " + n);
                    }
                    assertArrayEquals(base.floats("classifier.weight"), disk.floats("classifier.weight"), m + ": excluded head keeps the base");
                    assertArrayEquals(base.floats("classifier.weight"), buffer.get("classifier.weight"));
                    assertArrayEquals(base.rawBytes("position_ids"), disk.rawBytes("position_ids"), "integer buffers pass through");
                    float[] merged = disk.floats("layer.1.w");
                    assertTrue(!java.util.Arrays.equals(merged, base.floats("layer.1.w")), m + " changes merged tensors");
                }
            }
            models.forEach(Checkpoint::close);
        }
    }

    @Test
    void aPlanOverTheMemoryLimitIsRefusedWithTheSize() {
        Path basePath = model("base", 1, null);
        try (Checkpoint base = Checkpoints.open(basePath); Checkpoint a = Checkpoints.open(model("a", 2, null))) {
            EvomergeException e = assertThrows(EvomergeException.class,
                    () -> MergePlan.build(MergeSettings.defaults(MergeMethod.TASK_ARITHMETIC, 1), base, List.of(a), 1000));
            assertTrue(e.getMessage().contains("over the memory limit"), e.getMessage());
        }
    }
}
