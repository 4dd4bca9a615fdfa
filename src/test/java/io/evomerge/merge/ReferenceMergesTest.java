package io.evomerge.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evomerge.Shared;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.cli.Main;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case in ../shared/reference (merges computed by the authors' own code) reproduced through
 * {@code evomerge merge}, with either backend ({@code --backend java}, {@code --backend device --device cpu}): all
 * entries within 1e-5, except at most 0.05% (values at a quantile threshold may flip).
 */
class ReferenceMergesTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of("task_arithmetic", "ties", "pcb", "pcb_pairwise", "cabs_nm", "cabs_magnitude")
                .flatMap(c -> Stream.of(Arguments.of(c, "java"), Arguments.of(c, "device")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reproducesTheAuthorsMerge(String name, String backend) throws Exception {
        Path caseDir = Shared.path("reference/" + name);
        JsonNode c = new ObjectMapper().readTree(caseDir.resolve("case.json").toFile());
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, yaml(caseDir, c));
        Path out = dir.resolve(name + ".safetensors");
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("merge", config.toString(), out.toString(), "--backend", backend));
        if (backend.equals("device")) args.addAll(List.of("--device", System.getProperty("evomerge.device", "cpu")));
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err.toString());

        try (Checkpoint expected = Checkpoints.open(caseDir.resolve(c.get("expected").asText()));
             Checkpoint actual = Checkpoints.open(out)) {
            long total = 0, off = 0;
            double worst = 0;
            for (TensorInfo t : expected.tensors()) {
                float[] e = expected.floats(t.name()), a = actual.floats(t.name());
                assertEquals(e.length, a.length, t.name());
                for (int k = 0; k < e.length; k++) {
                    double d = Math.abs(e[k] - a[k]);
                    if (d > 1e-5) off++;
                    worst = Math.max(worst, d);
                }
                total += e.length;
            }
            System.out.printf("%s (%s backend): worst difference %.3g, %d of %d entries over 1e-5%n", name, backend, worst, off, total);
            assertTrue(off <= total * 0.0005, name + ": " + off + " of " + total + " entries off by more than 1e-5 (worst " + worst + ")");
        }
    }

    /** The case's parameters in evomerge's (mergekit-shaped) config. */
    static String yaml(Path caseDir, JsonNode c) {
        JsonNode p = c.get("params");
        List<String> lines = new ArrayList<>();
        lines.add("merge_method: " + c.get("method").asText());
        lines.add("base_model: " + caseDir.resolve(c.get("base").asText()).toAbsolutePath());
        lines.add("models:");
        for (int i = 0; i < c.get("models").size(); i++) {
            lines.add("  - model: " + caseDir.resolve(c.get("models").get(i).asText()).toAbsolutePath());
            if (p.has("lambdas")) lines.add("    parameters: {weight: " + p.get("lambdas").get(i).asDouble() + "}");
        }
        lines.add("parameters:");
        if (p.has("lambda")) lines.add("  lambda: " + p.get("lambda").asDouble());
        for (String key : List.of("density", "ratio", "clip", "inter", "scope", "n", "m", "pruning")) {
            if (p.has(key)) lines.add("  " + key + ": " + (p.get(key).isTextual() ? "\"" + p.get(key).asText() + "\"" : p.get(key).asText()));
        }
        if (p.has("sparsity")) lines.add("  density: " + (1 - p.get("sparsity").asDouble()));
        if (p.has("order")) lines.add("  order: " + p.get("order"));
        return String.join("\n", lines) + "\n";
    }
}
