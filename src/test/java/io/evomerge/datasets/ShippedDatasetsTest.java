package io.evomerge.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evomerge.data.Example;
import io.evomerge.data.JsonlReader;
import io.evomerge.data.Split;
import io.evomerge.data.SplitName;
import io.evomerge.data.TaskKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Checks the committed files in datasets/ (the tests run in the repository root). */
class ShippedDatasetsTest {

    private static final Path DATASETS = Path.of("datasets");

    /** Totals after deduplication and per-label caps; see datasets/README.md. */
    @ParameterizedTest
    @CsvSource({"sentiment, 2979, 2", "spam, 2000, 2", "acceptability, 3000, 2", "topic, 1678, 4"})
    void splitsHaveTheRecordedCountsAndAreDisjoint(String task, int total, int labels) throws IOException {
        Path dir = DATASETS.resolve(task);
        JsonNode counts = new ObjectMapper().readTree(dir.resolve("task.json").toFile()).get("counts");
        Set<String> seen = new HashSet<>();
        int sum = 0;
        for (SplitName name : SplitName.values()) {
            Split split = JsonlReader.readTask(dir, name);
            assertEquals(task, split.task().name());
            assertEquals(TaskKind.CLASSIFICATION, split.task().kind());
            assertEquals(labels, split.task().labelNames().size());
            assertEquals(counts.get(name.fileStem()).asInt(), split.size(), task + " " + name);
            assertEquals(labels, Arrays.stream(split.classLabels()).distinct().count(),
                    task + " " + name + " lacks a label");
            for (Example example : split.examples()) {
                assertTrue(seen.add(TaskSplits.key(example.text())), task + ": repeated text " + example.text());
            }
            sum += split.size();
        }
        assertEquals(total, sum);
        assertEquals(TaskSplits.trainCount(total), counts.get("train").asInt());
        assertEquals(TaskSplits.validationCount(total), counts.get("validation").asInt());
    }

    @Test
    void datasetsStaySmall() throws IOException {
        try (Stream<Path> files = Files.walk(DATASETS)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
            assertTrue(bytes < 6_000_000, bytes + " bytes"); // text about 1.9 MB, images about 2.9 MB
        }
    }
}
