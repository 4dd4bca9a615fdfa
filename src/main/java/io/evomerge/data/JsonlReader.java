package io.evomerge.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads generic JSONL tasks: one object per line with {@code text}, optional {@code text_pair}
 * and {@code label}: a class index or label name (classification) or a number (regression).
 * Blank lines are skipped. A task folder holds {@code task.json} and one file per split.
 */
public final class JsonlReader {

    /** The task description's file name inside a task folder. */
    public static final String TASK_JSON = "task.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonlReader() {
    }

    /** Reads {@code <taskDir>/<split>.jsonl} with the spec in {@code <taskDir>/task.json}. */
    public static Split readTask(Path taskDir, SplitName split) {
        return read(file(taskDir, split), readSpec(taskDir.resolve(TASK_JSON)), split);
    }

    /** {@code <taskDir>/<split>.jsonl}. */
    public static Path file(Path taskDir, SplitName split) {
        return taskDir.resolve(split.fileStem() + ".jsonl");
    }

    /**
     * Reads a task description: {@code {"name": ..., "kind": "classification" | "regression",
     * "labels": [...], "metrics": ["accuracy", ...]}}.
     */
    public static TaskSpec readSpec(Path taskJson) {
        JsonNode node;
        try {
            node = JSON.readTree(taskJson.toFile());
        } catch (JacksonException e) {
            throw new DataFormatException(taskJson, e.getLocation() == null ? 1 : e.getLocation().getLineNr(),
                    "invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + taskJson, e);
        }
        try {
            List<String> labels = new ArrayList<>();
            node.path("labels").forEach(label -> labels.add(label.asText()));
            List<Metric> metrics = new ArrayList<>();
            node.path("metrics").forEach(metric -> metrics.add(Metric.fromKey(metric.asText())));
            TaskKind kind = TaskKind.valueOf(node.path("kind").asText().toUpperCase(Locale.ROOT));
            String name = node.path("name").asText();
            if (name.isBlank()) {
                throw new IllegalArgumentException("no name");
            }
            return new TaskSpec(name, kind, labels, metrics);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(taskJson, 1, "bad task description: " + e.getMessage(), e);
        }
    }

    /** Reads one JSONL file as a split of {@code spec} (classification or regression). */
    public static Split read(Path file, TaskSpec spec, SplitName split) {
        if (spec.kind() == TaskKind.MULTIPLE_CHOICE) {
            throw new IllegalArgumentException("JSONL tasks are classification or regression, not " + spec.kind());
        }
        List<Example> examples = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long lineNumber = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    examples.add(parse(file, lineNumber, spec, line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new Split(spec, split, examples);
    }

    private static Example parse(Path file, long line, TaskSpec spec, String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new DataFormatException(file, line, "invalid JSON: " + e.getOriginalMessage(), e);
        }
        if (!node.isObject()) {
            throw new DataFormatException(file, line, "expected a JSON object");
        }
        String text = text(file, line, node, "text");
        double label = spec.kind() == TaskKind.REGRESSION
                ? score(file, line, node.get("label"))
                : classIndex(file, line, spec, node.get("label"));
        return node.hasNonNull("text_pair")
                ? Example.pair(text, text(file, line, node, "text_pair"), label)
                : Example.single(text, label);
    }

    private static String text(Path file, long line, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new DataFormatException(file, line, "'" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static int classIndex(Path file, long line, TaskSpec spec, JsonNode label) {
        int classes = spec.labelNames().size();
        if (label != null && label.isTextual()) {
            int index = spec.labelNames().indexOf(label.asText());
            if (index < 0) {
                throw new DataFormatException(file, line,
                        "label '" + label.asText() + "' is not one of " + spec.labelNames());
            }
            return index;
        }
        if (label != null && label.canConvertToExactIntegral() && label.canConvertToInt()
                && label.asInt() >= 0 && label.asInt() < classes) {
            return label.asInt();
        }
        throw new DataFormatException(file, line,
                "'label' must be a label name or a class index in [0, " + classes + "), found " + label);
    }

    private static double score(Path file, long line, JsonNode label) {
        if (label == null || !label.isNumber()) {
            throw new DataFormatException(file, line, "'label' must be a number, found " + label);
        }
        return label.asDouble();
    }
}
