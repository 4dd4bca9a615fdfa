package io.evomerge.experiment;

import java.util.Map;

/**
 * A search's {@code pareto:} choice: after the search, the Pareto front of its fully scored candidates over the
 * tasks' headline validation metrics is written to its folder and drawn, and one point of it becomes a test row: the
 * knee ({@code pareto: knee}, {@code weights} null) or the best weighted sum ({@code pareto: {weights: {task: w}}},
 * tasks left out weigh 0).
 */
public record Pareto(Map<String, Double> weights) {
    public Pareto {
        weights = weights == null ? null : Map.copyOf(weights);
    }

    /** How the row names the choice. */
    String describe() {
        return weights == null ? "Pareto knee" : "Pareto, weighted";
    }
}
