package io.evomerge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evomerge.Shared;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectCommandTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void listsTensorsAsTableAndJson() throws Exception {
        String file = Shared.path("reference/pcb/expected.safetensors").toString();
        Result table = run("inspect", file);
        assertEquals(0, table.code());
        assertTrue(table.out().contains("encoder.layer.0.output.dense.weight"), table.out());
        assertTrue(table.out().contains("6 tensors, 14,944 parameters, 59,776 bytes"), table.out());

        Result json = run("inspect", file, "--json");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertEquals(6, root.get("tensorCount").asInt());
        assertEquals(14944, root.get("parameters").asLong());
        assertEquals("[32,100]", root.get("tensors").get(4).get("shape").toString());
    }

    @Test
    void badInputIsOneLineWithExitCodeTwoAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, new byte[]{(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, '{'});
        Result r = run("inspect", bad.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("evomerge: " + bad), r.err());
        assertFalse(r.err().contains("\tat "), r.err());

        Result verbose = run("inspect", bad.toString(), "--verbose");
        assertEquals(Main.BAD_INPUT, verbose.code());
        assertTrue(verbose.err().contains("\tat "), "stack trace with --verbose");
    }

    @Test
    void helpIsAvailable() {
        Result r = run("inspect", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--json"));
    }
}
