package io.evomerge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.TensorInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code evomerge inspect}: lists a checkpoint's tensors without reading their data. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "List the tensors of a safetensors file or Hugging Face folder: names, dtypes, shapes, parameters, bytes.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE|DIR", description = "A .safetensors file, or a folder with model.safetensors or a sharded index.")
    Path path;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    record TensorRow(String name, String dtype, long[] shape, long parameters, long bytes) {
    }

    record Summary(String location, int tensorCount, long parameters, long bytes, Map<String, Long> dtypes,
                   Map<String, String> metadata, List<TensorRow> tensors) {
    }

    @Override
    public Integer call() throws Exception {
        try (Checkpoint ckpt = Checkpoints.open(path)) {
            Summary s = summarize(ckpt);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s));
            } else {
                printTable(out, s);
            }
            out.flush();
        }
        return 0;
    }

    static Summary summarize(Checkpoint ckpt) {
        Map<String, Long> dtypes = new TreeMap<>();
        long params = 0, bytes = 0;
        List<TensorRow> rows = new java.util.ArrayList<>();
        for (TensorInfo t : ckpt.tensors()) {
            rows.add(new TensorRow(t.name(), t.dtype().name(), t.shape(), t.numel(), t.byteSize()));
            params += t.numel();
            bytes += t.byteSize();
            dtypes.merge(t.dtype().name(), t.numel(), Long::sum);
        }
        return new Summary(ckpt.location().toString(), rows.size(), params, bytes, dtypes, ckpt.metadata(), rows);
    }

    private static void printTable(PrintWriter out, Summary s) {
        int width = Math.max(4, s.tensors().stream().mapToInt(r -> r.name().length()).max().orElse(4));
        out.printf("%-" + width + "s  %-5s  %-20s  %14s%n", "name", "dtype", "shape", "parameters");
        for (TensorRow r : s.tensors()) {
            out.printf("%-" + width + "s  %-5s  %-20s  %,14d%n", r.name(), r.dtype(), java.util.Arrays.toString(r.shape()),
                    r.parameters());
        }
        out.printf("%n%s: %d tensors, %,d parameters, %,d bytes (%s)%n", s.location(), s.tensorCount(), s.parameters(),
                s.bytes(), s.dtypes().entrySet().stream().map(e -> e.getKey() + " " + String.format("%,d", e.getValue()))
                        .reduce((a, b) -> a + ", " + b).orElse("empty"));
        if (!s.metadata().isEmpty()) out.println("metadata: " + s.metadata());
    }

}
