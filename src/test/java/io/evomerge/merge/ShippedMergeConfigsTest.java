package io.evomerge.merge;

import io.evomerge.cli.Main;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example configs under experiments/merges/ run as shipped. */
class ShippedMergeConfigsTest {
    @ParameterizedTest
    @ValueSource(strings = {"task_arithmetic", "ties", "dare_ties", "pcb", "pcb_es", "cabs", "cabs_magnitude"})
    void exampleMergesRun(String name, @TempDir Path dir) {
        Path out = dir.resolve(name + ".safetensors");
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"merge", "experiments/merges/" + name + ".yaml", out.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        assertTrue(Files.isRegularFile(out));
    }
}
