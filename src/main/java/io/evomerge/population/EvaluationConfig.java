package io.evomerge.population;

/** Evaluation settings: rows per inference batch. */
public record EvaluationConfig(int batchSize) {
    public static final EvaluationConfig DEFAULT = new EvaluationConfig(32);
}
