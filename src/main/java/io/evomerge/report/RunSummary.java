package io.evomerge.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code results/<run>/summary.json}: what the experiment runner measured, one row per table line. The runner writes
 * it with {@link #write}; {@code evomerge report} reads it with {@link #read}.
 */
public record RunSummary(String run, String experiment, String machine, String started,
                         @JsonProperty(required = true) double wallSeconds,
                         List<SummaryTask> tasks, List<SummaryRow> rows) {
    public static final String FILE = "summary.json";

    public RunSummary {
        Json.require(run, "run");
        Json.require(experiment, "experiment");
        Json.require(machine, "machine");
        Json.require(started, "started");
        tasks = List.copyOf(Json.require(tasks, "tasks"));
        if (tasks.isEmpty()) throw new IllegalArgumentException("'tasks' is empty");
        rows = List.copyOf(Json.require(rows, "rows"));
    }

    public static RunSummary read(Path file) {
        if (!Files.isRegularFile(file)) throw new EvomergeException(file + ": no such file (is this a run folder?)");
        try {
            return Json.MAPPER.readValue(file.toFile(), RunSummary.class);
        } catch (JsonProcessingException e) {
            throw new EvomergeException(file + ": " + Json.describe(e), e);
        } catch (IOException e) {
            throw new EvomergeException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Writes this summary atomically (pretty-printed JSON). */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }
}
