package io.evomerge.experiment;

import io.evomerge.data.SplitName;
import io.evomerge.eval.Predictions;
import io.evomerge.merge.MergedTensors;

import java.util.Map;

/**
 * Scores a merged encoder on a split: per-task metrics (task → metric key → value), the weighted fitness, its
 * standard error over the examples, and each task's per-example predictions.
 */
interface Scorer extends AutoCloseable {
    Scores score(MergedTensors merged, SplitName split);

    record Scores(Map<String, Map<String, Double>> metrics, double fitness, double fitnessStandardError,
                  Map<String, Predictions> predictions) {
        /** Scores without per-example predictions (a scorer that has no examples): the error is unknown (NaN). */
        Scores(Map<String, Map<String, Double>> metrics, double fitness) {
            this(metrics, fitness, Double.NaN, Map.of());
        }
    }

    @Override
    void close();
}
