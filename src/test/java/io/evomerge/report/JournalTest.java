package io.evomerge.report;

import io.evomerge.EvomergeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest {
    private static final String LINE_0 = "{\"index\": 0, \"generation\": 0, \"strategy\": \"cmaes\", \"method\": \"pcb\", "
            + "\"genome\": [0.1, -0.3], \"params\": {\"weights\": [1.0, 1.1], \"lambda\": 1.0, \"ratio\": 0.1}, "
            + "\"metrics\": {\"sentiment\": {\"accuracy\": 0.8}, \"cola\": {\"mcc\": 0.2}}, \"fitness\": 0.5, "
            + "\"seconds\": 2.1, \"failure\": null, \"extra\": 1}";
    private static final String LINE_1 = "{\"index\": 1, \"generation\": 0, \"strategy\": \"cmaes\", \"method\": \"pcb\", "
            + "\"genome\": [0.2, 0.3], \"params\": {}, \"metrics\": null, \"fitness\": -1, \"seconds\": 0.4, "
            + "\"failure\": \"NaN in merged weights\"}";

    @Test
    void readsTheDocumentedLineFormat(@TempDir Path dir) throws Exception {
        Path file = write(dir, LINE_0 + "\n" + LINE_1 + "\n");
        Journal journal = Journal.read(file);
        assertEquals(2, journal.evaluations().size());
        Evaluation e = journal.evaluations().getFirst();
        assertEquals(List.of(0.1, -0.3), e.genome());
        assertEquals(0.2, e.metrics().get("cola").get("mcc"));
        assertEquals(List.of(1.0, 1.1), e.params().get("weights"));
        assertTrue(journal.evaluations().get(1).failed());
        assertEquals("pcb-cmaes", journal.name());
        assertEquals(List.of(), journal.warnings());
    }

    @Test
    void toleratesATruncatedLastLineWithAWarning(@TempDir Path dir) throws Exception {
        Path file = write(dir, LINE_0 + "\n" + LINE_1.substring(0, 40));
        Journal journal = Journal.read(file);
        assertEquals(1, journal.evaluations().size());
        assertEquals(List.of(file + ":2: skipped the unreadable last line (truncated by a crash?)"), journal.warnings());
    }

    @Test
    void aBadLineInTheMiddleIsAnErrorWithItsLineNumber(@TempDir Path dir) throws Exception {
        Path file = write(dir, LINE_0 + "\n" + LINE_1.substring(0, 40) + "\n" + LINE_0 + "\n");
        EvomergeException e = assertThrows(EvomergeException.class, () -> Journal.read(file));
        assertTrue(e.getMessage().startsWith(file + ":2: not a valid evaluation"), e.getMessage());

        Path missing = write(dir, LINE_0.replace("\"fitness\": 0.5, ", "") + "\n" + LINE_1 + "\n");
        e = assertThrows(EvomergeException.class, () -> Journal.read(missing));
        assertTrue(e.getMessage().startsWith(missing + ":1: not a valid evaluation"), e.getMessage());
        assertTrue(e.getMessage().contains("fitness"), e.getMessage());
    }

    @Test
    void bestSoFarAfter25And50And100AndAll(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pcb-cmaes/evaluations.jsonl");
        // Peaks at evaluations 10, 30, 80 and 101; evaluation 60 fails with the worst fitness.
        RunFolders.journal(file, "cmaes", "pcb",
                RunFolders.fitnesses(120, Map.of(10, 0.4, 30, 0.5, 80, 0.7, 101, 0.9)), 60);
        SearchStats stats = SearchStats.of(Journal.read(file));
        assertEquals(Arrays.asList(0.4, 0.5, 0.7), stats.bestAt());
        assertEquals(0.9, stats.best());
        assertEquals(120, stats.evaluations());
        assertEquals(1, stats.failures());
        assertEquals(3.0, stats.medianSeconds()); // seconds cycle 2, 3, 4
        assertEquals("cmaes", stats.strategy());

        Path shortRun = dir.resolve("pcb-random/evaluations.jsonl");
        RunFolders.journal(shortRun, "random", "pcb", RunFolders.fitnesses(30, Map.of(3, 0.6)), 1);
        SearchStats partial = SearchStats.of(Journal.read(shortRun));
        assertEquals(Arrays.asList(0.6, null, null), partial.bestAt());
        assertEquals(0.6, partial.best());
    }

    @Test
    void failuresNeverCountAsBestEvenWithAHighPlaceholder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s/evaluations.jsonl");
        RunFolders.journal(file, "cmaes", "pcb", new double[]{0.3, 0.2}, 1);
        assertEquals(Arrays.asList(null, 0.2), SearchStats.bestSoFar(Journal.read(file).evaluations()));
    }

    @Test
    void writerRoundTripsAndContinuesAfterACrash(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("searches/cabs-cmaes/evaluations.jsonl");
        Evaluation a = new Evaluation(0, 0, "cmaes", "cabs", List.of(0.5, -0.25),
                Map.of("weights", List.of(1.0, 0.75), "lambda", 1.2), Map.of("cola", Map.of("mcc", 0.31)), 0.31, 1.5, null, 0.4, 1.1, 0.05, 0.5);
        Evaluation b = new Evaluation(1, 0, "cmaes", "cabs", List.of(0.0, 0.0), Map.of(), Map.of(), -1, 0.2, "diverged", null, null, null, null);
        try (JournalWriter writer = JournalWriter.open(file)) {
            writer.append(a);
        }
        Files.writeString(file, "{\"index\": 1, \"gener", java.nio.file.StandardOpenOption.APPEND); // a crash mid-line
        assertEquals(List.of(a), Journal.read(file).evaluations());
        try (JournalWriter writer = JournalWriter.open(file)) {
            writer.append(b);
        }
        Journal journal = Journal.read(file);
        assertEquals(List.of(a, b), journal.evaluations());
        assertEquals(List.of(), journal.warnings());
        assertEquals(2, Files.readAllLines(file).size());
    }

    private static Path write(Path dir, String text) throws Exception {
        Path file = dir.resolve("pcb-cmaes/evaluations.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
