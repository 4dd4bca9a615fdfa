package io.evomerge.report;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of a search journal ({@code searches/<search>/evaluations.jsonl}): a candidate's genome, the merge
 * parameters it decoded to, its validation metrics (task → metric → value) and fitness. A failed evaluation has a
 * {@code failure} reason and the worst fitness. {@code seconds} is the whole evaluation; {@code mergeSeconds} and
 * {@code evalSeconds} its merge and scoring parts (absent in journals written before they were recorded), so a resumed
 * search still reports the time of all its evaluations. {@code fitnessSe} is the fitness's bootstrap standard error
 * over the validation examples (absent when unknown: a failure, or a journal written before it was recorded);
 * {@code fidelity} the share of the validation examples a racing search scored (absent without racing).
 */
public record Evaluation(@JsonProperty(required = true) int index, @JsonProperty(required = true) int generation, String strategy, String method, List<Double> genome,
                         Map<String, Object> params, Map<String, Map<String, Double>> metrics,
                         @JsonProperty(required = true) double fitness, @JsonProperty(required = true) double seconds, String failure,
                         Double mergeSeconds, Double evalSeconds, Double fitnessSe, Double fidelity) {
    public Evaluation {
        genome = genome == null ? List.of() : List.copyOf(genome);
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    boolean failed() {
        return failure != null;
    }
}
