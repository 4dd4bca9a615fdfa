package io.evomerge.eval;

import io.evomerge.data.SplitName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One evaluation of every task on one split: per-task metrics and predictions (experiment order), the fitness (the
 * weighted mean of each task's headline metric; a NaN headline, e.g. Pearson of constant predictions, counts as 0)
 * and the fitness's bootstrap standard error over the examples.
 */
public record TaskScores(SplitName split, Map<String, MetricsResult> tasks, Map<String, Predictions> predictions,
                         double fitness, double fitnessStandardError) {
    public TaskScores {
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
        predictions = Collections.unmodifiableMap(new LinkedHashMap<>(predictions));
    }
}
