package io.evomerge.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.evomerge.ShortHash;
import io.evomerge.checkpoint.AtomicFiles;
import io.evomerge.eval.Predictions;
import io.evomerge.population.Population;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code <population>/scores.json}: the scores of the rows that depend on the population alone (the pre-trained
 * encoder with the task heads; each fine-tuned model on its own task), so a rerun reads them instead of scoring
 * them again. A row is keyed by what determines it: each task's settings hash (model, head, data, max_length,
 * seed), its validation subset and fitness weight. Another experiment sharing the population adds its own keys.
 * A missing or unreadable file is an empty store; writes are atomic.
 */
final class PopulationScores {
    static final String FILE = "scores.json";
    /** Bumped when scoring changes what a stored row would hold. */
    private static final int SCORING_VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A stored row: metrics per task on each split, the validation fitness (null where it has none), and each task's
     * per-example test predictions (for the report's intervals).
     */
    record Row(Map<String, Map<String, Double>> validation, Map<String, Map<String, Double>> test,
               Double fitness, Map<String, Predictions> testPredictions) {
    }

    /** What a task contributes to a row's key. */
    record TaskKey(String name, String settingsHash, Integer validationSubset, double weight) {
    }

    private final Path file;
    private final Map<String, Row> rows;

    private PopulationScores(Path file, Map<String, Row> rows) {
        this.file = file;
        this.rows = rows;
    }

    static PopulationScores open(Population population) {
        Path file = population.root().resolve(FILE);
        Map<String, Row> rows = new TreeMap<>();
        if (Files.isRegularFile(file)) {
            try {
                rows.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, Row>>() { }));
            } catch (IOException e) {
                // a damaged store only costs the scoring it would have saved; the next write replaces it
                rows.clear();
            }
        }
        return new PopulationScores(file, rows);
    }

    /** The key of row {@code row} (e.g. "pretrained") over {@code tasks} in experiment order. */
    static String key(String row, List<TaskKey> tasks) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("scoring_version", SCORING_VERSION);
        k.put("row", row);
        k.put("tasks", tasks);
        try {
            return row + "-" + ShortHash.of(JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(k));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Path file() {
        return file;
    }

    Row get(String key) {
        return rows.get(key);
    }

    void put(String key, Row row) throws IOException {
        rows.put(key, row);
        AtomicFiles.write(file, JSON.writeValueAsString(rows).getBytes(StandardCharsets.UTF_8));
    }
}
