package io.evomerge.experiment;

import io.evomerge.data.SplitName;
import io.evomerge.merge.MergedTensors;

import java.util.Map;

/** Scores a merged encoder on a split: per-task metrics (task → metric key → value) and the weighted fitness. */
interface Scorer extends AutoCloseable {
    Scores score(MergedTensors merged, SplitName split);

    record Scores(Map<String, Map<String, Double>> metrics, double fitness) {
    }

    @Override
    void close();
}
