package io.evomerge.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergePlan;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.MergeWeights;
import io.evomerge.merge.MergedTensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan cache all workers share: each plan built once, read-only while threads apply it, LRU by bytes. */
class PlanCacheTest {
    private static final int MODELS = 3;
    private static final int THREADS = 16;
    private static final List<TensorSpec> LAYOUT = List.of(
            new TensorSpec("encoder.w", DType.F32, new long[]{32, 128}),
            new TensorSpec("encoder.v", DType.F32, new long[]{1024}));
    private static final List<MergeWeights> WEIGHTS = List.of(
            new MergeWeights(new double[]{0.7, 1.1, 0.4}, 0.9), new MergeWeights(new double[]{0.2, 0.5, 1.3}, 1.2));

    @TempDir
    Path dir;
    private Checkpoint base;
    private List<Checkpoint> models;

    @BeforeEach
    void models() {
        Random random = new Random(5);
        Path basePath = write(dir.resolve("base.safetensors"), random, null);
        base = Checkpoints.open(basePath);
        models = new ArrayList<>();
        for (int i = 0; i < MODELS; i++) models.add(Checkpoints.open(write(dir.resolve("m" + i + ".safetensors"), random, base)));
    }

    @AfterEach
    void close() {
        models.forEach(Checkpoint::close);
        base.close();
    }

    /**
     * 16 threads start together and apply every (settings, weights) pair in their own order, each into its own
     * buffer as a worker does, so many ask for the same key at once: every key is built exactly once, and each
     * merged model equals the one a fresh plan builds on one thread.
     */
    @Test
    void concurrentAppliesBuildEachPlanOnceAndMatchSingleThreadedResults() throws Exception {
        List<MergeSettings> keys = keys();
        Map<Job, Map<String, float[]>> expected = new HashMap<>();
        for (int k = 0; k < keys.size(); k++) {
            MergePlan plan = MergePlan.build(keys.get(k), base, models, Long.MAX_VALUE);
            for (int w = 0; w < WEIGHTS.size(); w++) {
                MergedTensors out = plan.newBuffer();
                plan.apply(WEIGHTS.get(w), out);
                expected.put(new Job(k, w), copy(out));
            }
        }

        PlanCache cache = new PlanCache(base, models, Long.MAX_VALUE);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<Job> order = new ArrayList<>(expected.keySet());
                order.sort(Comparator.comparingInt(Job::key).thenComparingInt(Job::weights));
                Collections.shuffle(order, new Random(t));
                done.add(pool.submit(() -> {
                    start.await();
                    MergedTensors buffer = null;
                    int checked = 0;
                    for (Job job : order) {
                        MergePlan plan = cache.get(keys.get(job.key()));
                        if (buffer == null) buffer = plan.newBuffer();
                        plan.apply(WEIGHTS.get(job.weights()), buffer);
                        for (var e : expected.get(job).entrySet()) {
                            assertArrayEquals(e.getValue(), buffer.get(e.getKey()), keys.get(job.key()) + " " + e.getKey());
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : done) assertEquals(expected.size(), f.get());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(keys.size(), cache.built(), "each plan built once for all threads");
        for (MergeSettings s : keys) assertSame(cache.get(s), cache.get(s));
        assertEquals(keys.size(), cache.built());
    }

    /** Least recently used plans go first once the plans' bytes exceed the budget; the others stay built. */
    @Test
    void evictsTheLeastRecentlyUsedPlanByBytes() {
        MergeSettings a = MergeSettings.defaults(MergeMethod.TIES, MODELS).with("density", 0.3);
        MergeSettings b = MergeSettings.defaults(MergeMethod.TIES, MODELS).with("density", 0.5);
        MergeSettings c = MergeSettings.defaults(MergeMethod.TIES, MODELS).with("density", 0.7);
        long bytes = 0;
        for (MergeSettings s : List.of(a, b, c)) bytes += MergePlan.build(s, base, models, Long.MAX_VALUE).bytes();
        PlanCache cache = new PlanCache(base, models, bytes - 1); // any two fit, not all three

        cache.get(a);
        cache.get(b);
        cache.get(a);
        cache.get(c); // over budget: b, the least recently used, goes
        assertEquals(3, cache.built());
        cache.get(a);
        cache.get(c);
        assertEquals(3, cache.built(), "a and c stayed");
        cache.get(b); // built again; a is now the least recently used and goes
        assertEquals(4, cache.built());
        cache.get(c);
        assertEquals(4, cache.built(), "c stayed");
        cache.get(a);
        assertEquals(5, cache.built(), "a was evicted");
    }

    /** A refused build reaches every thread that waited for it, and is not kept: a later request tries again. */
    @Test
    void aFailedBuildReachesEveryWaiterAndIsNotKept() throws Exception {
        PlanCache cache = new PlanCache(base, models, 1);
        MergeSettings s = MergeSettings.defaults(MergeMethod.TIES, MODELS);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<String>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    try {
                        cache.get(s);
                        return "built";
                    } catch (EvomergeException e) {
                        return e.getMessage();
                    }
                }));
            }
            for (Future<String> f : done) {
                String message = f.get();
                assertTrue(message.startsWith("merge plan for ties needs about ") && message.contains("over the memory limit"),
                        message);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, cache.built());
    }

    /** One merged model to build: settings {@code key} with weights {@code weights} (indices). */
    private record Job(int key, int weights) {
    }

    /** Every method at its defaults, and TIES at two more densities: keys that share nothing. */
    private static List<MergeSettings> keys() {
        List<MergeSettings> keys = new ArrayList<>();
        for (MergeMethod m : MergeMethod.values()) keys.add(MergeSettings.defaults(m, MODELS));
        keys.add(MergeSettings.defaults(MergeMethod.TIES, MODELS).with("density", 0.3));
        keys.add(MergeSettings.defaults(MergeMethod.TIES, MODELS).with("density", 0.8));
        return keys;
    }

    private static Map<String, float[]> copy(MergedTensors merged) {
        Map<String, float[]> out = new LinkedHashMap<>();
        merged.tensors().forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    private static Path write(Path file, Random random, Checkpoint base) {
        try (CheckpointWriter w = CheckpointWriter.create(file, LAYOUT, WriteOptions.single(Map.of()))) {
            for (TensorSpec t : LAYOUT) {
                int n = Math.toIntExact(t.numel());
                float[] v = new float[n];
                for (int k = 0; k < n; k++) v[k] = (float) random.nextGaussian();
                if (base != null) {
                    float[] theta = base.floats(t.name());
                    for (int k = 0; k < n; k++) v[k] = theta[k] + 0.1f * v[k];
                }
                w.write(t.name(), v);
            }
            w.commit();
        }
        return file;
    }
}
