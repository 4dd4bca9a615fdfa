package io.evomerge.cli;

import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.WriteOptions;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.checkpoint.TensorSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Writes and reads a synthetic checkpoint tensor by tensor, beside `cp` and an in-JVM copy of the same file, all in
 * one run on the same machine. Reads are from the page cache (the file was just written), like cp's.
 */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Checkpoint write/read throughput, tensor by tensor, against cp of the same bytes.")
final class BenchCheckpointCommand implements Callable<Integer> {
    @Option(names = "--size", defaultValue = "1GiB", description = "Checkpoint size (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--dir", description = "Scratch folder (default: a temporary folder, deleted after).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long bytes = Sizes.parse(size, "--size");
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("evomerge-bench");
        Path file = work.resolve("bench.safetensors");
        try {
            List<TensorSpec> specs = SyntheticModels.layout(bytes / 4, 1 << 22);
            float[][] data = new float[specs.size()][];
            for (int i = 0; i < data.length; i++) data[i] = SyntheticModels.values(specs.get(i), i, 0);
            long t0 = System.nanoTime();
            try (CheckpointWriter w = CheckpointWriter.create(file, specs, WriteOptions.single(Map.of()))) {
                for (int i = 0; i < data.length; i++) w.write(specs.get(i).name(), data[i]);
                w.commit();
            }
            double write = seconds(t0);
            data = null; // let the read below allocate its own arrays
            long fileBytes = Files.size(file);

            t0 = System.nanoTime();
            double checksum = 0;
            try (Checkpoint c = Checkpoints.open(file)) {
                for (TensorInfo t : c.tensors()) checksum += c.floats(t.name())[0];
            }
            double read = seconds(t0);

            Path copy = work.resolve("copy.safetensors");
            t0 = System.nanoTime();
            Process cp = new ProcessBuilder("cp", file.toString(), copy.toString()).inheritIO().start();
            if (cp.waitFor() != 0) throw new IOException("cp failed");
            double cpSeconds = seconds(t0);
            Files.delete(copy);
            t0 = System.nanoTime(); // the writer syncs its file before the rename; so does this baseline
            Process cpSync = new ProcessBuilder("sh", "-c", "cp \"$0\" \"$1\" && sync \"$1\"", file.toString(), copy.toString())
                    .inheritIO().start();
            if (cpSync.waitFor() != 0) throw new IOException("cp + sync failed");
            double cpSyncSeconds = seconds(t0);
            t0 = System.nanoTime();
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            double jvmCopy = seconds(t0);

            double mib = fileBytes / 1048576.0;
            out.printf("checkpoint of %.0f MiB, %d tensors (checksum %.3f)%n", mib, specs.size(), checksum);
            row(out, "cp (same bytes)", cpSeconds, mib, cpSeconds);
            row(out, "cp + sync (same bytes, on disk)", cpSyncSeconds, mib, cpSeconds);
            row(out, "Files.copy (in JVM)", jvmCopy, mib, cpSeconds);
            row(out, "evomerge write (float[] to F32 file, synced)", write, mib, cpSeconds);
            row(out, "evomerge read (all tensors to float[])", read, mib, cpSeconds);
            out.flush();
        } finally {
            if (dir == null) {
                Files.deleteIfExists(work.resolve("copy.safetensors"));
                Files.deleteIfExists(file);
                Files.deleteIfExists(work);
            }
        }
        return 0;
    }

    static void row(PrintWriter out, String what, double seconds, double mib, double baseline) {
        out.printf("  %-42s %8.2f s  %8.0f MiB/s  %6.2fx cp%n", what, seconds, mib / seconds, seconds / baseline);
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
