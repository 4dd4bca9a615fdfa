package io.evomerge.merge;

import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every registered method keeps, on a seeded checkpoint with an F32 matrix, a BF16 vector, an excluded
 * head and an integer buffer: the output has the base's tensors, shapes and dtypes; nothing is NaN or infinite;
 * excluded and integer tensors keep the base's values; the on-disk merge equals the cached plan's rebuild; zero
 * weights give the base (where the base is the origin); one model at weight 1, with settings that keep every entry,
 * gives that model (where the method defines it: PCB clips |τ| at its quantiles and Arcee Fusion keeps only the
 * important changes, so neither returns a model as is). Methods take as many models as they accept, nearest three.
 * Each check runs on both backends ({@link Backend}: the Java kernels and the device kernels on DJL's CPU), and the
 * device backend's rebuild equals the Java backend's.
 */
class MethodContractTest {
    private static final int MODELS = 3;
    private static final List<TensorSpec> LAYOUT = List.of(
            new TensorSpec("encoder.w", DType.F32, new long[]{4, 16}),
            new TensorSpec("encoder.v", DType.BF16, new long[]{32}),
            new TensorSpec("head.w", DType.F32, new long[]{2, 4}),
            new TensorSpec("position_ids", DType.I64, new long[]{4}));
    private static final String EXCLUDED = "head.w";

    /** Every registered method on both backends. */
    static Stream<Arguments> methodsAndBackends() {
        return Arrays.stream(MergeMethod.values()).flatMap(m -> Arrays.stream(Backend.values()).map(b -> Arguments.of(m, b)));
    }

    @ParameterizedTest
    @MethodSource("methodsAndBackends")
    void onDiskMergeKeepsTheLayoutAndEqualsThePlanRebuild(MergeMethod method, Backend backend, @TempDir Path dir) {
        int count = method.inputs().nearest(MODELS);
        try (Population p = Population.write(dir, count)) {
            MergeSettings s = MergeSettings.defaults(method, count).with("exclude", List.of("^head\\."));
            MergeWeights w = new MergeWeights(Arrays.copyOf(new double[]{0.7, 1.2, 0.9}, count), 0.8);
            Path merged = dir.resolve("merged.safetensors");
            // passthrough copies its one model, which is its own base (what evomerge merge gives it)
            Checkpoint base = method == MergeMethod.PASSTHROUGH ? p.models.getFirst() : p.base;
            backend.merge(s, w, base, p.models, merged);

            Map<String, float[]> rebuilt = backend.rebuild(s, w, base, p.models);
            Path fromPlan = dir.resolve("plan.safetensors");
            writeLike(base, rebuilt, fromPlan);

            try (Checkpoint out = Checkpoints.open(merged); Checkpoint expected = Checkpoints.open(fromPlan)) {
                assertEquals(names(p.base), names(out));
                for (TensorInfo t : base.tensors()) {
                    TensorInfo o = out.tensors().stream().filter(x -> x.name().equals(t.name())).findFirst().orElseThrow();
                    assertEquals(t.dtype(), o.dtype(), t.name());
                    assertArrayEquals(t.shape(), o.shape(), t.name());
                    assertArrayEquals(expected.rawBytes(t.name()), out.rawBytes(t.name()), t.name() + " on disk vs plan");
                    if (!t.dtype().isFloating()) {
                        assertArrayEquals(base.rawBytes(t.name()), out.rawBytes(t.name()), t.name());
                        continue;
                    }
                    float[] values = out.floats(t.name());
                    for (float x : values) assertTrue(Float.isFinite(x), t.name() + " has " + x);
                    if (t.name().equals(EXCLUDED)) {
                        assertArrayEquals(base.floats(t.name()), values, "excluded tensor keeps the base");
                    } else {
                        assertTrue(differs(p.base.floats(t.name()), values), t.name() + " was merged");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("methodsAndBackends")
    void zeroWeightsGiveTheBase(MergeMethod method, Backend backend, @TempDir Path dir) {
        if (method == MergeMethod.LINEAR) return; // its weights are averaged: zero weights have no average
        int count = method.inputs().nearest(MODELS);
        try (Population p = Population.write(dir, count)) {
            MergeSettings s = MergeSettings.defaults(method, count);
            Map<String, float[]> out = backend.rebuild(s, new MergeWeights(new double[count], 1.0), p.base, p.models);
            for (String name : List.of("encoder.w", "encoder.v")) {
                assertArrayEquals(p.base.floats(name), out.get(name), 0f, method + " " + name);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("methodsAndBackends")
    void oneModelAtWeightOneIsThatModel(MergeMethod method, Backend backend, @TempDir Path dir) {
        // PCB clips |τ| at its quantiles and Arcee Fusion keeps only the important changes; some methods need two models
        if (method == MergeMethod.PCB || method == MergeMethod.ARCEE_FUSION || !method.inputs().accepts(1)) return;
        try (Population p = Population.write(dir, 1)) {
            MergeSettings s = keepEverything(MergeSettings.defaults(method, 1));
            Map<String, float[]> out = backend.rebuild(s, new MergeWeights(new double[]{1.0}, 1.0), p.base, p.models);
            for (String name : List.of("encoder.w", "encoder.v")) {
                float[] model = p.models.getFirst().floats(name), merged = out.get(name);
                for (int k = 0; k < model.length; k++) {
                    assertEquals(model[k], merged[k], 1e-6 * Math.max(1, Math.abs(model[k])), method + " " + name + "[" + k + "]");
                }
            }
        }
    }

    /** The settings under which a method drops nothing and goes all the way to the model: density 1, n = m, t = 1. */
    private static MergeSettings keepEverything(MergeSettings s) {
        if (s.method().parameter("t").isPresent()) s = s.with("t", 1.0);
        if (s.method().parameter("density").isPresent()) s = s.with("density", 1.0);
        if (s.method().parameter("n").isPresent()) s = s.with("n", s.integer("m"));
        return s;
    }

    /**
     * The device backend's rebuild equals the Java backend's: bit for bit where both do the same float operations in
     * the same order (task arithmetic, linear, TIES, DARE, CABS, breadcrumbs, DELLA, passthrough: the same masks,
     * the same draws, the same roundings), within 1e-6 relative where a float64 reduction or function differs in order
     * or library (PCB's exp and tanh; the norms and dot products of slerp, nuslerp and Model Stock; Arcee Fusion's
     * KL sums), each rounded to float32.
     */
    @ParameterizedTest
    @EnumSource(MergeMethod.class)
    void deviceBackendEqualsJavaBackend(MergeMethod method, @TempDir Path dir) {
        int count = method.inputs().nearest(MODELS);
        try (Population p = Population.write(dir, count)) {
            Checkpoint base = method == MergeMethod.PASSTHROUGH ? p.models.getFirst() : p.base;
            for (MergeSettings s : variants(method, count)) {
                MergeWeights w = new MergeWeights(Arrays.copyOf(new double[]{0.7, 1.2, 0.9}, count), 0.8);
                Map<String, float[]> java = Backend.JAVA.rebuild(s, w, base, p.models);
                Map<String, float[]> device = Backend.DEVICE.rebuild(s, w, base, p.models);
                assertEquals(java.keySet(), device.keySet());
                float tolerance = ROUNDED_DIFFERENTLY.contains(method) ? 1e-6f : 0f;
                for (String name : java.keySet()) {
                    float[] a = java.get(name), b = device.get(name);
                    for (int k = 0; k < a.length; k++) {
                        assertEquals(a[k], b[k], tolerance * Math.max(1, Math.abs(a[k])), s + " " + name + "[" + k + "]");
                    }
                }
            }
        }
    }

    /** Methods whose device kernel reduces or evaluates in float64 in another order or library than Java's. */
    private static final java.util.Set<MergeMethod> ROUNDED_DIFFERENTLY = java.util.EnumSet.of(MergeMethod.PCB,
            MergeMethod.SLERP, MergeMethod.NUSLERP, MergeMethod.MODEL_STOCK, MergeMethod.ARCEE_FUSION);

    /** A method's defaults and its other discrete settings (scope, inter, pruning, flags), so each device path runs. */
    private static List<MergeSettings> variants(MergeMethod method, int count) {
        List<MergeSettings> out = new ArrayList<>(List.of(MergeSettings.defaults(method, count)));
        MergeSettings d = out.getFirst();
        if (method.parameter("scope").isPresent() && method != MergeMethod.CABS) out.add(d.with("scope", "tensor"));
        if (method.parameter("inter").isPresent()) out.add(d.with("inter", "pairwise"));
        if (method.parameter("pruning").isPresent()) out.add(d.with("pruning", "magnitude").with("scope", "model").with("order", List.of(2, 0, 1)));
        if (method.parameter("normalize").isPresent()) out.add(d.with("normalize", !d.normalize()));
        if (method.parameter("rescale").isPresent()) out.add(d.with("rescale", false));
        if (method.parameter("seed").isPresent()) out.add(d.with("seed", 11).with("density", List.of(0.3, 0.6, 0.8)));
        if (method.parameter("t").isPresent()) out.add(d.with("t", 0.3));
        if (method.parameter("gamma").isPresent()) out.add(d.with("density", List.of(0.5, 0.7, 1.0)).with("gamma", 0.1));
        if (method.parameter("nuslerp_flatten").isPresent()) {
            out.add(d.with("nuslerp_flatten", false));
            out.add(d.with("nuslerp_flatten", false).with("nuslerp_row_wise", true).with("weight", List.of(0.3, 1.1)));
        }
        if (method.parameter("filter_wise").isPresent()) out.add(d.with("filter_wise", true));
        return out;
    }

    /** Writes a plan's merged tensors, and the base's others, with the base's dtypes (the writer's rounding). */
    private static void writeLike(Checkpoint base, Map<String, float[]> merged, Path file) {
        List<TensorSpec> specs = base.tensors().stream().map(t -> TensorSpec.of(t, null)).toList();
        try (CheckpointWriter w = CheckpointWriter.create(file, specs, WriteOptions.single(Map.of()))) {
            for (TensorInfo t : base.tensors()) {
                float[] v = merged.get(t.name());
                if (v != null) w.write(t.name(), v);
                else if (t.dtype().isFloating()) w.write(t.name(), base.floats(t.name()));
                else w.writeRaw(t.name(), base.rawBytes(t.name()));
            }
            w.commit();
        }
    }

    private static List<String> names(Checkpoint c) {
        return c.tensors().stream().map(TensorInfo::name).toList();
    }

    private static boolean differs(float[] a, float[] b) {
        for (int k = 0; k < a.length; k++) if (a[k] != b[k]) return true;
        return false;
    }

    /** A seeded base and fine-tuned models in {@link #LAYOUT}; task vectors of mixed signs and sizes. */
    private record Population(Checkpoint base, List<Checkpoint> models) implements AutoCloseable {
        static Population write(Path dir, int count) {
            Random random = new Random(7);
            Checkpoint base = Checkpoints.open(write(dir.resolve("base.safetensors"), random, null));
            List<Checkpoint> models = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                models.add(Checkpoints.open(write(dir.resolve("m" + i + ".safetensors"), random, base)));
            }
            return new Population(base, models);
        }

        private static Path write(Path file, Random random, Checkpoint base) {
            try (CheckpointWriter w = CheckpointWriter.create(file, LAYOUT, WriteOptions.single(Map.of()))) {
                for (TensorSpec t : LAYOUT) {
                    int n = Math.toIntExact(t.numel());
                    if (!t.dtype().isFloating()) {
                        ByteBuffer ids = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
                        for (int k = 0; k < n; k++) ids.putLong(k);
                        w.writeRaw(t.name(), ids.array());
                        continue;
                    }
                    float[] v = new float[n];
                    float[] b = base == null ? null : base.floats(t.name());
                    for (int k = 0; k < n; k++) {
                        float g = (float) random.nextGaussian();
                        v[k] = b == null ? g : b[k] + 0.1f * g * (k % 5 == 0 ? 4 : 1);
                    }
                    w.write(t.name(), v);
                }
                w.commit();
            }
            return file;
        }

        @Override
        public void close() {
            base.close();
            models.forEach(Checkpoint::close);
        }
    }
}
