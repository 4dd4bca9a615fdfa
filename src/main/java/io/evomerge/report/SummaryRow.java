package io.evomerge.report;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the results table: a baseline, the individual fine-tuned models, a grid point or a search's best.
 * {@code validation} and {@code test} map task → metric → value in [0, 1] (or [-1, 1] for correlations);
 * {@code search} names the folder under {@code searches/} holding the journal (search rows only);
 * {@code uncertainty} holds the test metrics' intervals (absent in summaries written before they were computed). A
 * search run several times ({@code repeats}: one row per repeat, each naming its journal folder) holds the repeats'
 * means: validation and test metrics, fitness; its evaluations and seconds are their sums.
 */
public record SummaryRow(String label, RowKind kind, String method, String strategy, String search,
                         Map<String, Map<String, Double>> validation, Map<String, Map<String, Double>> test,
                         Double validationFitness, @JsonProperty(required = true) int evaluations,
                         @JsonProperty(required = true) double seconds, Map<String, Object> params,
                         TestUncertainty uncertainty, List<SummaryRow> repeats) {
    public SummaryRow {
        Json.require(label, "label");
        Json.require(kind, "kind");
        if (kind == RowKind.SEARCH) Json.require(search, "search");
        validation = copy(Json.require(validation, "validation"));
        test = copy(Json.require(test, "test"));
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        repeats = repeats == null ? List.of() : List.copyOf(repeats);
    }

    /** This row with its test uncertainty. */
    public SummaryRow withUncertainty(TestUncertainty u) {
        return new SummaryRow(label, kind, method, strategy, search, validation, test, validationFitness, evaluations,
                seconds, params, u, repeats);
    }

    /** The metric's value on the test split, or null when the row has none. */
    Double testMetric(SummaryTask task) {
        return test.getOrDefault(task.name(), Map.of()).get(task.metric());
    }

    /** The metric's value on the validation split, or null when the row has none. */
    Double validationMetric(SummaryTask task) {
        return validation.getOrDefault(task.name(), Map.of()).get(task.metric());
    }

    private static Map<String, Map<String, Double>> copy(Map<String, Map<String, Double>> metrics) {
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        metrics.forEach((task, values) -> copy.put(task,
                values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values))));
        return Collections.unmodifiableMap(copy);
    }
}
