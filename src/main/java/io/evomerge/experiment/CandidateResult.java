package io.evomerge.experiment;

import io.evomerge.eval.Predictions;

import java.io.Serializable;
import java.util.Map;

/**
 * The outcome of scoring one recipe: metrics, fitness, the fitness's standard error over the examples (NaN when
 * unknown), each task's per-example predictions and the share of the examples scored (below 1 when a race stopped it), or a failure reason with the worst fitness; with the seconds spent
 * merging and evaluating (to show how much of a run is overhead).
 */
record CandidateResult(Recipe recipe, Map<String, Map<String, Double>> metrics, double fitness,
                       double fitnessStandardError, Map<String, Predictions> predictions, String failure,
                       double mergeSeconds, double evalSeconds, double fidelity) implements Serializable {
    /** Below every metric's range ([-1, 1] for MCC and Pearson), so a failed candidate never wins. */
    static final double WORST = -1.0;

    static CandidateResult failed(Recipe recipe, String reason, double mergeSeconds, double evalSeconds) {
        return new CandidateResult(recipe, Map.of(), WORST, Double.NaN, Map.of(), reason, mergeSeconds, evalSeconds, 1);
    }

    /** The same outcome answered from memory: it cost no merging or evaluation this time. */
    CandidateResult remembered() {
        return new CandidateResult(recipe, metrics, fitness, fitnessStandardError, predictions, failure, 0, 0, fidelity);
    }
}
