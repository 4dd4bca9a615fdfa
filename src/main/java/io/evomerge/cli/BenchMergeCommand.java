package io.evomerge.cli;

import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergePlan;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.MergeWeights;
import io.evomerge.merge.MergedTensors;
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
 * candidate rebuild from a cached plan, against a plain in-JVM copy of the same input bytes, in one run.
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
        double inputMiB = (models + 1) * count * 4 / 1048576.0;
        out.printf("%d models + base of %,d float32 parameters: %.0f MiB of input%n", models, count, inputMiB);
        double copy = copySeconds(count, models + 1);
        row(out, "in-JVM copy of the input bytes", copy, inputMiB, copy);

        try (Checkpoint base = Checkpoints.open(paths.getFirst())) {
            List<Checkpoint> ms = new ArrayList<>();
            for (Path f : paths.subList(1, paths.size())) ms.add(Checkpoints.open(f));
            MergeWeights w = MergeWeights.uniform(models, 1.0);
            for (MergeMethod m : measured) {
                if (!m.inputs().accepts(models)) {
                    out.printf("%s takes %s, not %d: not measured%n", m.configName(), m.inputs().count(), models);
                    continue;
                }
                MergeSettings s = MergeSettings.defaults(m, models);
                long t0 = System.nanoTime();
                MergePlan plan = MergePlan.build(s, base, ms, Long.MAX_VALUE);
                MergedTensors buffer = plan.newBuffer();
                plan.apply(w, buffer);
                double full = (System.nanoTime() - t0) / 1e9;
                row(out, m.configName() + " full merge (" + s.scope().name().toLowerCase() + " scope)", full, inputMiB, copy);
                double best = Double.MAX_VALUE;
                for (int rep = 0; rep < 3; rep++) {
                    t0 = System.nanoTime();
                    plan.apply(new MergeWeights(w.weights(), 0.9 + 0.1 * rep), buffer);
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                }
                out.printf("  %-44s %8.3f s  %8.0f MiB/s  %6.2fx copy  (plan %,d MiB)%n",
                        "  candidate rebuild from the " + m.configName() + " plan", best, inputMiB / best, best / copy,
                        plan.bytes() >> 20);
                out.flush();
            }
            ms.forEach(Checkpoint::close);
        }
        return 0;
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
