package io.evomerge.merge;

import io.evomerge.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every example config under experiments/merges/ runs as shipped, and every merge method has one. */
class ShippedMergeConfigsTest {
    private static final Path FOLDER = Path.of("experiments/merges");

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleMergesRun(Path config, @TempDir Path dir) {
        Path out = dir.resolve("merged.safetensors");
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"merge", config.toString(), out.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, config + ": " + err);
        assertTrue(Files.isRegularFile(out));
    }

    @Test
    void everyMethodHasAnExample() throws IOException {
        Set<MergeMethod> shown = EnumSet.noneOf(MergeMethod.class);
        for (Path config : examples()) {
            shown.add(MergeConfigReader.read(config).settings().method());
        }
        assertEquals(EnumSet.allOf(MergeMethod.class), shown, "methods with an example in " + FOLDER);
    }
}
