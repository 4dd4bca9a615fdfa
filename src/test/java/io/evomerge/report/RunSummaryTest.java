package io.evomerge.report;

import io.evomerge.EvomergeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunSummaryTest {
    @Test
    void readsTheDocumentedFormatAndWritesItBack(@TempDir Path dir) throws Exception {
        RunSummary summary = RunSummary.read(RunFolders.summary(dir, RunFolders.SEARCH_WINS));
        assertEquals(812.5, summary.wallSeconds());
        assertEquals(7, summary.rows().size());
        SummaryRow search = summary.rows().getFirst();
        assertEquals(RowKind.SEARCH, search.kind());
        assertEquals("pcb-cmaes", search.search());
        assertEquals(0.47, search.test().get("cola").get("mcc"));
        assertEquals(java.util.List.of(1.1, 0.9), search.params().get("weights"));

        Path copy = dir.resolve("again/summary.json");
        summary.write(copy);
        assertEquals(summary, RunSummary.read(copy));
        String json = Files.readString(copy);
        assertTrue(json.contains("\"wall_seconds\" : 812.5") && json.contains("\"validation_fitness\""), json);
    }

    @Test
    void errorsNameTheFileAndTheKey(@TempDir Path dir) throws Exception {
        Path file = RunFolders.summary(dir, RunFolders.SEARCH_WINS);
        String good = Files.readString(file);
        assertError(file, good.replace("\"kind\": \"grid\"", "\"kind\": \"sweep\""), "rows[4].kind");
        assertError(file, good.replace("\"label\": \"TIES\", ", ""), "rows[1]: 'label' is missing");
        assertError(file, good.replace("\"evaluations\": 27, ", ""), "rows[4].evaluations");
        assertError(file, good.replace("\"metric\": \"mcc\"", "\"metric\": \"matthews\""), "tasks[1]: metric 'matthews'");
        assertError(file, good.replace("\"wall_seconds\": 812.5,", ""), "wall_seconds");
        assertError(file, good.replace("\"search\": \"pcb-cmaes\",", ""), "rows[0]: 'search' is missing");
        assertError(file, good.substring(0, 200), file + ": ");

        Path none = dir.resolve("empty/summary.json");
        EvomergeException e = assertThrows(EvomergeException.class, () -> RunSummary.read(none));
        assertEquals(none + ": no such file (is this a run folder?)", e.getMessage());
    }

    private static void assertError(Path file, String content, String expected) throws Exception {
        Files.writeString(file, content);
        EvomergeException e = assertThrows(EvomergeException.class, () -> RunSummary.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
