package io.evomerge.cli;

import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * An LLM-sized merge through {@code evomerge merge}'s streaming path: three synthetic Llama-shaped checkpoints (a base
 * and two fine-tunes; bf16, sharded folders, TinyLlama-1.1B's shapes by default) merged with TIES and gradients into a
 * sharded folder, in a child JVM whose RSS is sampled. Beside it, in the same run on the same disk: the physical bound
 * (every input byte read once, the output's bytes written once and synced, as the writer syncs) and {@code cp} of the
 * inputs. The checkpoints are seeded and kept in {@code --dir}, so a rerun skips writing them.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Stream-merge three Llama-shaped bf16 sharded checkpoints (ties + gradients) in a child JVM: wall "
                + "time and peak RSS beside reading every input once + writing the output once, and cp of the inputs.")
final class BenchStreamCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "Scratch folder on the disk to measure, outside git "
            + "(e.g. ~/.cache/evomerge/bench/stream); the inputs are kept there for reruns.")
    Path dir;

    @Option(names = "--layers", defaultValue = "22", description = "Decoder layers (default ${DEFAULT-VALUE}: 1.1B parameters).")
    int layers;

    @Option(names = "--hidden", defaultValue = "2048", description = "Hidden size (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--intermediate", defaultValue = "5632", description = "MLP size (default ${DEFAULT-VALUE}).")
    int intermediate;

    @Option(names = "--vocab", defaultValue = "32000", description = "Vocabulary (default ${DEFAULT-VALUE}).")
    int vocab;

    @Option(names = "--shard-size", defaultValue = "1GB", description = "Shard size of inputs and output (default ${DEFAULT-VALUE}).")
    String shardSize;

    @Option(names = "--heap", defaultValue = "6g", description = "-Xmx of the merging JVM (default ${DEFAULT-VALUE}).")
    String heap;

    @Spec
    CommandSpec spec;

    private static final String[] INPUTS = {"base", "task-a", "task-b"};

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long shard = Sizes.parse(shardSize, "--shard-size");
        if (layers < 1 || hidden < 512 || hidden % 512 != 0 || intermediate < 1 || vocab < 1) {
            throw new EvomergeException("--layers, --intermediate and --vocab must be positive, and --hidden a multiple "
                    + "of 512 (heads of 64, an eighth of them for keys and values)");
        }
        Files.createDirectories(dir);
        List<TensorSpec> layout = layout();
        long params = layout.stream().mapToLong(TensorSpec::numel).sum();
        out.printf("layout: Llama, %d layers, hidden %d, MLP %d, vocab %d: %.3fB parameters, bf16, shards of %s%n",
                layers, hidden, intermediate, vocab, params / 1e9, shardSize);

        String key = layers + "-" + hidden + "-" + intermediate + "-" + vocab + "-" + shard;
        for (int i = 0; i < INPUTS.length; i++) {
            Path folder = dir.resolve(INPUTS[i]);
            Path marker = folder.resolve(".bench-" + key);
            if (Files.exists(marker)) continue;
            BenchTiming.deleteTree(folder);
            long t0 = System.nanoTime();
            try (CheckpointWriter w = CheckpointWriter.create(folder, layout, new WriteOptions(shard, Map.of("format", "pt")))) {
                for (int k = 0; k < layout.size(); k++) w.write(layout.get(k).name(), SyntheticModels.values(layout.get(k), k, i));
                w.commit();
            }
            Files.writeString(folder.resolve("config.json"), config());
            Files.writeString(marker, "");
            out.printf("wrote %s in %.1f s%n", folder, seconds(t0));
        }
        List<Path> inputFiles = new ArrayList<>();
        for (String name : INPUTS) inputFiles.addAll(shards(dir.resolve(name)));
        long inputBytes = 0;
        for (Path p : inputFiles) inputBytes += Files.size(p);
        long outputBytes = 0;
        for (Path p : shards(dir.resolve(INPUTS[0]))) outputBytes += Files.size(p);

        // the physical bound: every input byte read once, then the output's bytes written once and synced
        long t0 = System.nanoTime();
        long checksum = readAll(inputFiles);
        double read = seconds(t0);
        Path scratch = dir.resolve("bound.bin");
        t0 = System.nanoTime();
        writeSynced(scratch, outputBytes);
        double write = seconds(t0);
        Files.delete(scratch);

        Path config = dir.resolve("ties-gradients.yaml");
        Files.writeString(config, """
                # TIES with mergekit gradients over the layers (density and weight per model), as in mergekit's examples
                merge_method: ties
                base_model: base
                models:
                  - model: task-a
                    parameters: {weight: [0.6, 1.0], density: [1.0, 0.7, 0.1]}
                  - model: task-b
                    parameters: {weight: 0.8, density: [0.1, 0.5, 0.9]}
                parameters: {lambda: 1.0, normalize: true}
                dtype: bfloat16
                """);
        Path merged = dir.resolve("merged");
        BenchTiming.deleteTree(merged);
        Process p = new ProcessBuilder(javaCommand(config, merged)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("merge.log").toFile()).start();
        t0 = System.nanoTime();
        long[] peak = sampleRss(p);
        int rc = p.waitFor();
        double merge = seconds(t0);
        if (rc != 0) {
            throw new EvomergeException("the merge failed (exit " + rc + "); see " + dir.resolve("merge.log"));
        }
        long mergedParams;
        try (Checkpoint c = Checkpoints.open(merged)) {
            mergedParams = c.tensors().stream().mapToLong(t -> t.numel()).sum();
        }
        if (mergedParams != params) throw new EvomergeException("merged " + mergedParams + " parameters, expected " + params);

        Path copy = dir.resolve("cp-copy");
        BenchTiming.deleteTree(copy);
        Files.createDirectories(copy);
        List<String> cp = new ArrayList<>(List.of("cp", "-r"));
        for (String name : INPUTS) cp.add(dir.resolve(name).toString());
        cp.add(copy.toString());
        t0 = System.nanoTime();
        run(cp);
        double cpSeconds = seconds(t0);
        run(List.of("sync"));
        double cpSync = seconds(t0);
        BenchTiming.deleteTree(copy);

        double gib = 1024.0 * 1024 * 1024;
        double bound = read + write;
        out.printf("inputs: 3 x %.2f GiB (%d shards), output %.2f GiB; checksum %d%n", inputBytes / 3 / gib,
                inputFiles.size(), outputBytes / gib, checksum);
        out.printf("%-58s %8s %8s%n", "measurement", "seconds", "x bound");
        out.printf("%-58s %8.1f %8s%n", "read every input byte once (in-JVM, 8 MiB reads)", read, "");
        out.printf("%-58s %8.1f %8s%n", "write the output's bytes once + fsync", write, "");
        out.printf("%-58s %8.1f %8.2f%n", "physical bound (read + write)", bound, 1.0);
        out.printf("%-58s %8.1f %8.2f%n", "evomerge merge (child JVM, start-up included)", merge, merge / bound);
        out.printf("%-58s %8.1f %8.2f%n", "cp -r of the three inputs", cpSeconds, cpSeconds / bound);
        out.printf("%-58s %8.1f %8.2f%n", "cp -r of the three inputs + sync", cpSync, cpSync / bound);
        out.printf("merge peak RSS %.2f GiB (anonymous %.2f GiB, file-backed %.2f GiB; sampled every 20 ms), -Xmx%s; "
                        + "largest tensor %.2f GiB as float32%n", peak[0] / gib, peak[1] / gib, peak[2] / gib, heap,
                layout.stream().mapToLong(TensorSpec::numel).max().orElse(0) * 4 / gib);
        out.printf("merge log: %s%n", dir.resolve("merge.log"));
        return 0;
    }

    /** Llama's tensor names; TinyLlama-1.1B's shapes by default (heads of 64, grouped-query attention with 1/8 of them for keys and values). */
    List<TensorSpec> layout() {
        int kv = hidden / 8;
        List<TensorSpec> specs = new ArrayList<>();
        specs.add(new TensorSpec("model.embed_tokens.weight", DType.BF16, new long[]{vocab, hidden}));
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            specs.add(new TensorSpec(p + "self_attn.q_proj.weight", DType.BF16, new long[]{hidden, hidden}));
            specs.add(new TensorSpec(p + "self_attn.k_proj.weight", DType.BF16, new long[]{kv, hidden}));
            specs.add(new TensorSpec(p + "self_attn.v_proj.weight", DType.BF16, new long[]{kv, hidden}));
            specs.add(new TensorSpec(p + "self_attn.o_proj.weight", DType.BF16, new long[]{hidden, hidden}));
            specs.add(new TensorSpec(p + "mlp.gate_proj.weight", DType.BF16, new long[]{intermediate, hidden}));
            specs.add(new TensorSpec(p + "mlp.up_proj.weight", DType.BF16, new long[]{intermediate, hidden}));
            specs.add(new TensorSpec(p + "mlp.down_proj.weight", DType.BF16, new long[]{hidden, intermediate}));
            specs.add(new TensorSpec(p + "input_layernorm.weight", DType.BF16, new long[]{hidden}));
            specs.add(new TensorSpec(p + "post_attention_layernorm.weight", DType.BF16, new long[]{hidden}));
        }
        specs.add(new TensorSpec("model.norm.weight", DType.BF16, new long[]{hidden}));
        specs.add(new TensorSpec("lm_head.weight", DType.BF16, new long[]{vocab, hidden}));
        return specs;
    }

    private String config() {
        return """
                {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": %d,
                 "intermediate_size": %d, "num_hidden_layers": %d, "num_attention_heads": %d,
                 "num_key_value_heads": %d, "vocab_size": %d, "torch_dtype": "bfloat16"}
                """.formatted(hidden, intermediate, layers, hidden / 64, hidden / 512, vocab);
    }

    private List<String> javaCommand(Path config, Path merged) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "merge", config.toString(), merged.toString(), "--shard-size", shardSize);
    }

    /** Polls the child's /proc status until it exits: peak VmRSS, RssAnon and RssFile in bytes. */
    private static long[] sampleRss(Process p) throws InterruptedException {
        long[] peak = new long[3];
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        while (p.isAlive()) {
            try {
                for (String line : Files.readAllLines(status)) {
                    int k = line.startsWith("VmRSS:") ? 0 : line.startsWith("RssAnon:") ? 1 : line.startsWith("RssFile:") ? 2 : -1;
                    if (k >= 0) peak[k] = Math.max(peak[k], 1024 * Long.parseLong(line.replaceAll("\\D", "")));
                }
            } catch (IOException | RuntimeException gone) {
                // the process exited between the check and the read
            }
            Thread.sleep(20);
        }
        return peak;
    }

    private static long readAll(List<Path> files) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(8 << 20);
        long sum = 0;
        for (Path f : files) {
            try (FileChannel c = FileChannel.open(f, StandardOpenOption.READ)) {
                while (c.read(buffer.clear()) > 0) sum += buffer.get(0); // touch the data so the read is not skipped
            }
        }
        return sum;
    }

    private static void writeSynced(Path file, long bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(8 << 20);
        for (int i = 0; i < buffer.capacity(); i++) buffer.put(i, (byte) i);
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (long left = bytes; left > 0; left -= buffer.limit()) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), left));
                while (buffer.hasRemaining()) c.write(buffer);
            }
            c.force(true);
        }
    }

    private static List<Path> shards(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed");
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
