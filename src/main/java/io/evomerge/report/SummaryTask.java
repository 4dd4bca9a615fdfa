package io.evomerge.report;

import java.util.List;

/** A task of the run and its headline metric (the one the tables report). */
public record SummaryTask(String name, String metric) {
    /** The metric keys of results files (GLUE's: "mcc" is Matthews correlation). */
    public static final List<String> METRICS = List.of("accuracy", "f1", "mcc", "pearson", "spearman");

    public SummaryTask {
        Json.require(name, "name");
        Json.require(metric, "metric");
        if (!METRICS.contains(metric)) {
            throw new IllegalArgumentException("metric '" + metric + "' is not one of " + String.join(", ", METRICS));
        }
    }
}
