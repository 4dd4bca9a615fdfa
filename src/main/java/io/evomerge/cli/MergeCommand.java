package io.evomerge.cli;

import io.evomerge.checkpoint.OpenOptions;
import io.evomerge.checkpoint.SideFiles;
import io.evomerge.checkpoint.WriteOptions;
import io.evomerge.merge.MergeConfig;
import io.evomerge.merge.MergeConfigReader;
import io.evomerge.EvomergeException;
import io.evomerge.merge.MergeBackend;
import io.evomerge.merge.MergeInputs;
import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.Merger;
import io.evomerge.merge.ModelConfigFile;
import io.evomerge.merge.device.DeviceBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code evomerge merge CONFIG OUT}: one merge, written atomically as safetensors. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merge fine-tuned models as a YAML config (mergekit's shape) says; the methods and their parameters are listed below.")
final class MergeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "Merge config (mergekit's YAML shape); see experiments/merges/.")
    Path config;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output: a .safetensors file, or a folder (Hugging Face layout, config and tokenizer carried over).")
    Path out;

    @Option(names = "--shard-size", paramLabel = "SIZE", description = "Split the output into shards of at most SIZE (e.g. 5GB, 500MB); default: one file.")
    String shardSize;

    @Option(names = "--backend", paramLabel = "java|device", defaultValue = "java",
            description = "Merge backend: java (float[] loops on the CPU) or device (DJL NDArrays on --device); default ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--device", paramLabel = "cpu|gpu|gpu:N", defaultValue = "cpu",
            description = "Where --backend device runs (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--allow-nonfinite", description = "Read NaN/Inf values in inputs instead of refusing them.")
    boolean allowNonfinite;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        MergeBackend chosen = MergeBackend.parse(backend, "--backend");
        if (!device.matches("cpu|gpu(:\\d+)?")) {
            throw new EvomergeException("--device: '" + device + "' is not one of cpu, gpu, gpu:N");
        }
        if (chosen == MergeBackend.JAVA && !device.equals("cpu")) {
            throw new EvomergeException("--device: " + device + " needs --backend device (the java backend runs on the CPU)");
        }
        MergeConfig c = MergeConfigReader.read(config);
        if (chosen == MergeBackend.DEVICE) {
            if (c.varies()) {
                throw new EvomergeException(config + ": --backend device takes one value per parameter; gradients, "
                        + "filters and per-slice values need --backend java");
            }
        }
        long t0 = System.nanoTime();
        try (MergeInputs in = MergeInputs.open(c, new OpenOptions(allowNonfinite))) {
            Map<String, String> metadata = new java.util.LinkedHashMap<>(in.base().metadata()); // the base's __metadata__ is kept
            metadata.putAll(Map.of("format", "pt", "merged_by", "evomerge", "merge_method", c.method().configName()));
            WriteOptions write = new WriteOptions(Sizes.parse(shardSize, "--shard-size"), metadata);
            if (chosen == MergeBackend.JAVA) {
                Merger.merge(in.schedule(), in.base(), in.models(), out, c.dtype(), write);
            } else {
                try (DeviceBackend d = DeviceBackend.open(device)) {
                    d.merge(c.settings(), c.weights(), in.base(), in.models(), out, c.dtype(), write);
                }
            }
            boolean folder = !out.getFileName().toString().endsWith(".safetensors");
            List<String> carried = folder ? SideFiles.carry(in.sideFiles(), out) : List.of();
            if (folder && in.outputLayers() >= 0 && ModelConfigFile.setLayers(out, in.outputLayers())) {
                carried = new java.util.ArrayList<>(carried);
                carried.set(carried.indexOf("config.json"), "config.json with " + in.outputLayers() + " layers");
            }
            int count = c.method() == MergeMethod.PASSTHROUGH ? c.slices().size() : in.models().size();
            spec.commandLine().getOut().printf("merged %d %s with %s (%s) into %s in %.1f s%s%n", count,
                    c.method() == MergeMethod.PASSTHROUGH ? "slices" : "models", c.method().configName(),
                    chosen == MergeBackend.JAVA ? "java backend" : "device backend on " + device, out,
                    (System.nanoTime() - t0) / 1e9, carried.isEmpty() ? "" : " (carried " + String.join(", ", carried) + ")");
        }
        return 0;
    }
}
