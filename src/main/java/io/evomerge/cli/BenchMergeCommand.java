package io.evomerge.cli;

import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.merge.MergeBackend;
import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergePlan;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.MergeWeights;
import io.evomerge.merge.MergedTensors;
import io.evomerge.merge.device.DeviceBackend;
import io.evomerge.merge.device.DevicePlan;
import io.evomerge.merge.device.DeviceTargets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Merge throughput on synthetic task vectors: each method's full merge (plan + one build, in memory) and one
 * candidate rebuild from a cached plan, on each backend side by side in one run: the Java backend against an in-JVM
 * copy of the same input bytes, the device backend against an in-engine copy of them on its device.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merge throughput (each method's full merge and plan rebuild) against an in-JVM copy of the input bytes.")
final class BenchMergeCommand implements Callable<Integer> {
    @Option(names = "--models", defaultValue = "8", description = "Fine-tuned models (default ${DEFAULT-VALUE}).")
    int models;

    @Option(names = "--params", defaultValue = "50M", description = "Parameters per model, e.g. 50M (default ${DEFAULT-VALUE}).")
    String params;

    @Option(names = "--method", split = ",", paramLabel = "NAME",
            description = "Methods to measure, comma-separated (default: every method of the registry).")
    List<String> methods;

    @Option(names = "--backend", split = ",", paramLabel = "java|device", defaultValue = "java,device",
            description = "Backends to measure side by side, comma-separated (default ${DEFAULT-VALUE}).")
    List<String> backends;

    @Option(names = "--device", paramLabel = "cpu|gpu|gpu:N", defaultValue = "cpu",
            description = "Where the device backend runs (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--dir", description = "Scratch folder for the synthetic checkpoints (kept, so reruns skip generation).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<MergeMethod> measured = selected();
        long count = Sizes.count(params, "--params");
        Path work = dir != null ? Files.createDirectories(dir) : Files.createDirectories(Path.of("target", "bench-merge"));
        List<TensorSpec> specs = SyntheticModels.layout(count, 1 << 22);
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i <= models; i++) {
            Path f = work.resolve(String.format("model-%d-%d.safetensors", count, i));
            if (!Files.exists(f)) SyntheticModels.write(f, specs, i);
            paths.add(f);
        }
        List<MergeBackend> measuredBackends = new ArrayList<>();
        for (String b : backends) measuredBackends.add(MergeBackend.parse(b.trim(), "--backend"));
        if (!device.matches("cpu|gpu(:\\d+)?")) {
            throw new EvomergeException("--device: '" + device + "' is not one of cpu, gpu, gpu:N");
        }
        double inputMiB = (models + 1) * count * 4 / 1048576.0;
        out.printf("%d models + base of %,d float32 parameters: %.0f MiB of input%n", models, count, inputMiB);
        try (Checkpoint base = Checkpoints.open(paths.getFirst());
             DeviceBackend engine = measuredBackends.contains(MergeBackend.DEVICE) ? DeviceBackend.open(device) : null) {
            List<Checkpoint> ms = new ArrayList<>();
            for (Path f : paths.subList(1, paths.size())) ms.add(Checkpoints.open(f));
            double javaCopy = copySeconds(count, models + 1);
            row(out, "java: in-JVM copy of the input bytes", javaCopy, inputMiB, javaCopy);
            double deviceCopy = 0;
            if (engine != null) {
                deviceCopy = engine.copySeconds(count, models + 1);
                row(out, "device (" + device + "): in-engine copy of the input bytes", deviceCopy, inputMiB, deviceCopy);
            }
            for (MergeMethod m : measured) {
                // a method that takes fewer (slerp, arcee_fusion, passthrough: one; nuslerp: two) merges the first ones
                int k = m.inputs().nearest(models);
                if (k != models) out.printf("%s takes %s: it merges the first %d%n", m.configName(), m.inputs().count(), k);
                MergeSettings s = MergeSettings.defaults(m, k);
                MergeWeights w = MergeWeights.uniform(k, 1.0);
                List<Checkpoint> inputs = ms.subList(0, k);
                for (MergeBackend b : measuredBackends) {
                    if (b == MergeBackend.JAVA) measureJava(out, m, s, base, inputs, w, inputMiB, javaCopy);
                    else measureDevice(out, engine, m, s, base, inputs, w, inputMiB, deviceCopy);
                }
                out.flush();
            }
            ms.forEach(Checkpoint::close);
        }
        return 0;
    }

    private static void measureJava(PrintWriter out, MergeMethod m, MergeSettings s, Checkpoint base,
                                    List<Checkpoint> ms, MergeWeights w, double inputMiB, double copy) {
        long t0 = System.nanoTime();
        MergePlan plan = MergePlan.build(s, base, ms, Long.MAX_VALUE);
        MergedTensors buffer = plan.newBuffer();
        plan.apply(w, buffer);
        double full = (System.nanoTime() - t0) / 1e9;
        row(out, "java " + m.configName() + " full merge (" + s.scope().name().toLowerCase() + " scope)", full, inputMiB, copy);
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            t0 = System.nanoTime();
            plan.apply(new MergeWeights(w.weights(), 0.9 + 0.1 * rep), buffer);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        rebuildRow(out, "java " + m.configName(), best, inputMiB, copy, plan.bytes());
    }

    /** Full merge: plan plus one rebuild into device arrays; rebuild: best of three, each waited for. */
    private static void measureDevice(PrintWriter out, DeviceBackend engine, MergeMethod m, MergeSettings s,
                                      Checkpoint base, List<Checkpoint> ms, MergeWeights w, double inputMiB,
                                      double copy) {
        long t0 = System.nanoTime();
        try (DevicePlan plan = engine.plan(s, base, ms, Long.MAX_VALUE); DeviceTargets targets = plan.newTargets()) {
            plan.apply(w, targets);
            targets.sync();
            double full = (System.nanoTime() - t0) / 1e9;
            row(out, "device " + m.configName() + " full merge (" + s.scope().name().toLowerCase() + " scope)", full,
                    inputMiB, copy);
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                t0 = System.nanoTime();
                plan.apply(new MergeWeights(w.weights(), 0.9 + 0.1 * rep), targets);
                targets.sync();
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            rebuildRow(out, "device " + m.configName(), best, inputMiB, copy, plan.bytes());
        }
    }

    private static void rebuildRow(PrintWriter out, String what, double seconds, double mib, double copy, long bytes) {
        out.printf("  %-46s %8.3f s  %8.0f MiB/s  %6.2fx copy  (plan %,d MiB)%n", "  candidate rebuild, " + what,
                seconds, mib / seconds, seconds / copy, bytes >> 20);
    }

    private List<MergeMethod> selected() {
        if (methods == null) return List.of(MergeMethod.values());
        List<MergeMethod> out = new ArrayList<>();
        for (String name : methods) {
            MergeMethod m = MergeMethod.parse(name.trim());
            if (m == null) {
                throw new EvomergeException("--method: unknown method '" + name + "'; use one of " + MergeMethod.names());
            }
            out.add(m);
        }
        return out;
    }

    /** Best of three copies of {@code arrays} arrays of {@code count} floats into preallocated arrays. */
    private static double copySeconds(long count, int arrays) {
        int chunk = 1 << 22;
        int chunks = (int) ((count + chunk - 1) / chunk) * arrays;
        float[][] src = new float[chunks][chunk], dst = new float[chunks][chunk];
        for (float[] a : src) java.util.Arrays.fill(a, 1f);
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < chunks; i++) System.arraycopy(src[i], 0, dst[i], 0, chunk);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    private static void row(PrintWriter out, String what, double seconds, double mib, double baseline) {
        out.printf("  %-46s %8.3f s  %8.0f MiB/s  %6.2fx copy%n", what, seconds, mib / seconds, seconds / baseline);
    }
}
