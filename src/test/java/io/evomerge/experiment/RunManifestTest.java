package io.evomerge.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manifest records what a run started from, reads back as written, and names each difference found later. */
class RunManifestTest {
    @TempDir
    Path dir;

    @Test
    void recordsTheRunsOriginsAndNamesWhatChanged() throws Exception {
        Path data = dir.resolve("data/sentiment");
        Files.createDirectories(data);
        Path source = Path.of("datasets/sentiment");
        Files.copy(source.resolve("task.json"), data.resolve("task.json"));
        for (String split : List.of("train", "validation", "test")) {
            Files.write(data.resolve(split + ".jsonl"), Files.readAllLines(source.resolve(split + ".jsonl")).subList(0, 8));
        }
        Path yaml = dir.resolve("x.yaml");
        Files.writeString(yaml, """
                name: x
                seed: 5
                backbone: all-minilm-l6-v2
                population: pop
                tasks:
                  - {name: sentiment, source: jsonl, path: data/sentiment}
                merges:
                  - {method: pcb}
                search:
                  - {name: es, method: pcb, genes: {weights: [0.5, 3.0]}, strategy: cmaes, budget: 4}
                """);
        ExperimentConfig config = ExperimentConfig.read(yaml);
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        RunManifest.create(config, "x.yaml").write(run, yaml, true);
        RunManifest m = RunManifest.read(run);

        assertEquals(Files.readString(yaml), Files.readString(run.resolve(RunManifest.EXPERIMENT_COPY)));
        assertEquals(5, m.seeds().experiment());
        assertEquals(List.of("es"), List.copyOf(m.seeds().searches().keySet()));
        assertEquals(4, m.data().size(), "task.json and the three splits");
        assertNotNull(m.versions().evomerge(), "filled in by the build");
        assertNotNull(m.versions().pytorch());
        assertEquals(1, m.starts().size());
        assertEquals(List.of(), m.differences(config));

        Files.writeString(data.resolve("validation.jsonl"), "{\"text\": \"x\", \"label\": \"positive\"}\n",
                StandardOpenOption.APPEND);
        List<String> differences = m.differences(ExperimentConfig.read(yaml));
        assertEquals(1, differences.size(), differences.toString());
        assertTrue(differences.getFirst().startsWith("data file " + data.resolve("validation.jsonl") + " changed (hash "),
                differences.getFirst());

        Files.writeString(yaml, Files.readString(yaml).replace("budget: 4", "budget: 5"));
        assertTrue(m.differences(ExperimentConfig.read(yaml)).getFirst().startsWith("the experiment " + yaml + " changed"));
    }
}
