package io.evomerge.experiment;

import io.evomerge.data.SplitName;
import io.evomerge.data.Metric;
import io.evomerge.eval.MetricsResult;
import io.evomerge.eval.TaskScores;
import io.evomerge.eval.TaskSuite;
import io.evomerge.merge.MergedTensors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one bridge between merging and DJL: copies a merged model's float arrays into the resident encoder (in place)
 * and scores every task with its own head.
 */
final class SuiteScorer implements Scorer {
    private final TaskSuite suite;

    SuiteScorer(TaskSuite suite) {
        this.suite = suite;
    }

    @Override
    public Scores score(MergedTensors merged, SplitName split) {
        suite.setEncoderWeights(merged.tensors());
        return scores(suite.evaluate(split));
    }

    TaskSuite suite() {
        return suite;
    }

    static Scores scores(TaskScores s) {
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        s.tasks().forEach((task, m) -> metrics.put(task, keyed(m)));
        return new Scores(metrics, s.fitness());
    }

    /** Metric values under the summary's keys ("mcc" for Matthews correlation, as the papers' tables say). */
    static Map<String, Double> keyed(MetricsResult m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.asMap().forEach((metric, v) -> out.put(metric == Metric.MATTHEWS ? "mcc" : metric.key(), v));
        return out;
    }

    @Override
    public void close() {
        suite.close();
    }
}
