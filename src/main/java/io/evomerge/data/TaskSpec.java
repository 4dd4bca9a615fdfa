package io.evomerge.data;

import java.util.List;
import java.util.Objects;

/**
 * Describes a task: its name, kind, label names (classification only, index = class id)
 * and the metrics it is scored with (the first one is the task's headline metric).
 */
public record TaskSpec(String name, TaskKind kind, List<String> labelNames, List<Metric> metrics) {

    public TaskSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        labelNames = List.copyOf(labelNames);
        metrics = List.copyOf(metrics);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("task " + name + " has no metric");
        }
        if ((kind == TaskKind.CLASSIFICATION) != labelNames.size() >= 2) {
            throw new IllegalArgumentException(
                    "task " + name + ": classification needs >= 2 label names, other kinds none");
        }
    }

    public static TaskSpec classification(String name, List<String> labelNames, Metric... metrics) {
        return new TaskSpec(name, TaskKind.CLASSIFICATION, labelNames, List.of(metrics));
    }

    public static TaskSpec regression(String name, Metric... metrics) {
        return new TaskSpec(name, TaskKind.REGRESSION, List.of(), List.of(metrics));
    }

    public static TaskSpec multipleChoice(String name) {
        return new TaskSpec(name, TaskKind.MULTIPLE_CHOICE, List.of(), List.of(Metric.ACCURACY));
    }

    /** Class index of a label name; throws for a name this task does not have. */
    public int labelIndex(String labelName) {
        int index = labelNames.indexOf(labelName);
        if (index < 0) {
            throw new IllegalArgumentException(
                    "task " + name + " has no label '" + labelName + "' (labels: " + labelNames + ")");
        }
        return index;
    }
}
