package io.evomerge.experiment;

import io.evomerge.data.SplitName;
import io.evomerge.eval.Predictions;
import io.evomerge.merge.MergeWeights;
import io.evomerge.merge.MergedTensors;
import io.evomerge.merge.device.DevicePlan;

import java.util.Map;

/**
 * Scores a merged encoder on a split: per-task metrics (task → metric key → value), the weighted fitness, its
 * standard error over the examples, and each task's per-example predictions.
 */
interface Scorer extends AutoCloseable {
    Scores score(MergedTensors merged, SplitName split);

    /**
     * Device backend: rebuilds {@code w} from {@code plan} straight into the model's resident parameters (no host
     * copy); returns the first parameter that came out non-finite, or null. Then {@link #scoreLoaded} scores it.
     */
    String load(DevicePlan plan, MergeWeights w);

    /** Scores the weights {@link #load} wrote. */
    Scores scoreLoaded(SplitName split);

    record Scores(Map<String, Map<String, Double>> metrics, double fitness, double fitnessStandardError,
                  Map<String, Predictions> predictions) {
        /** Scores without per-example predictions (a scorer that has no examples): the error is unknown (NaN). */
        Scores(Map<String, Map<String, Double>> metrics, double fitness) {
            this(metrics, fitness, Double.NaN, Map.of());
        }
    }

    /**
     * The merged encoder ({@code merged}, or null for the weights {@link #load} put in place) scored in racing stages
     * ({@link Race}): predictions for a share of each task's examples at a time, and the scores of those seen so far.
     * Only a scorer with per-example predictions can race.
     */
    default Race.Stages stages(MergedTensors merged, SplitName split) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot race: no per-example predictions");
    }

    @Override
    void close();
}
