package io.evomerge.merge;

import io.evomerge.EvomergeException;
import io.evomerge.Shared;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Config validation: every refusal names the file and the key, and says what is valid. */
class MergeConfigReaderTest {
    @TempDir
    Path dir;

    private String error(String yaml) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        EvomergeException e = assertThrows(EvomergeException.class, () -> MergeConfigReader.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    private String config(String method, String params) {
        Path ref = Shared.path("reference/pcb").toAbsolutePath();
        return "merge_method: " + method + "\nbase_model: " + ref.resolve("base.safetensors") + "\nmodels:\n"
                + "  - model: " + ref.resolve("task_0.safetensors") + "\n"
                + "  - model: " + ref.resolve("task_1.safetensors") + "\n" + params;
    }

    @Test
    void readsMethodsModelsAndParameters() throws Exception {
        Path f = dir.resolve("ok.yaml");
        Files.writeString(f, config("pcb", "parameters: {ratio: 0.2, lambda: 0.7, inter: pairwise}\ndtype: bfloat16\n"));
        MergeConfig c = MergeConfigReader.read(f);
        assertEquals(MergeMethod.PCB, c.settings().method());
        assertEquals(0.2, c.settings().real("ratio"));
        assertEquals("pairwise", c.settings().choice("inter"));
        assertEquals(MergeMethod.Scope.MODEL, c.settings().scope());
        assertEquals(0.7, c.weights().lambda());
        assertEquals(io.evomerge.checkpoint.DType.BF16, c.dtype());
    }

    @Test
    void refusesWithTheKeyAndTheValidRange() throws Exception {
        assertTrue(error(config("pcb", "parameters: {ratio: 1.5}\n")).endsWith("parameters.ratio: must be a number in (0, 1], found 1.5"));
        assertTrue(error(config("ties", "parameters: {density: 0}\n")).endsWith("parameters.density: must be a number in (0, 1], found 0"));
        assertTrue(error(config("cabs", "parameters: {n: 8, m: 4}\n")).contains("8:4 is invalid (need 1 <= n <= m)"));
        assertEndsWith(error(config("pcb", "parameters: {ratoi: 0.1}\n")), "parameters.ratoi: unknown key: pcb has no parameter 'ratoi'; valid keys of parameters: "
                + "weight, lambda, ratio, clip, inter, scope, exclude");
        assertTrue(error(config("pcb", "parameters: {n: 2}\n")).contains("parameters.n: unknown key: pcb has no parameter 'n'"));
        assertTrue(error(config("magic", "")).contains("merge_method: 'magic' is not a method"));
        assertTrue(error(config("cabs", "parameters: {order: [0, 0]}\n")).contains("not a permutation"));
        assertTrue(error(config("pcb", "parameters: {inter: max}\n")).contains("valid: sum, pairwise"));
        assertTrue(error(config("pcb", "dtype: int8\n")).contains("dtype: 'int8' is invalid"));
        assertTrue(error("merge_method: ties\nbase_model: nowhere/base\nmodels: []\n").contains("base_model: model not found at"));
        assertTrue(error("merge_method: [ties\n").contains("invalid YAML at line 1"));
    }

    private static void assertEndsWith(String message, String end) {
        assertTrue(message.endsWith(end), message);
    }
}
