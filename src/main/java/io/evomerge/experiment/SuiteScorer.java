package io.evomerge.experiment;

import io.evomerge.data.Metric;
import io.evomerge.data.SplitName;
import io.evomerge.eval.MetricsResult;
import io.evomerge.eval.Predictions;
import io.evomerge.eval.TaskScores;
import io.evomerge.eval.TaskSuite;
import ai.djl.ndarray.NDArray;
import io.evomerge.merge.MergeWeights;
import io.evomerge.merge.MergedTensors;
import io.evomerge.merge.device.DevicePlan;
import io.evomerge.population.PopulationConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one bridge between merging and DJL: copies a merged model's float arrays into the resident encoder (in place),
 * or has a device plan rebuild a candidate straight into the encoder's parameter tensors, and scores every task with
 * its own head. It also scores the population's own rows (pre-trained encoder, each
 * task's fine-tuned model), so that no other class of the run touches the DJL side.
 */
final class SuiteScorer implements Scorer {
    private final TaskSuite suite;

    private SuiteScorer(TaskSuite suite) {
        this.suite = suite;
    }

    /** Loads the population's base encoder, heads and tokenizer (see {@link TaskSuite#open}). */
    static SuiteScorer open(PopulationConfig population) {
        return new SuiteScorer(TaskSuite.open(population));
    }

    /** The same on {@code device} (cpu, gpu, gpu:N): one evaluator of several. */
    static SuiteScorer open(PopulationConfig population, String device) {
        return new SuiteScorer(TaskSuite.open(population, device));
    }

    @Override
    public Scores score(MergedTensors merged, SplitName split) {
        suite.setEncoderWeights(merged.tensors());
        return scores(suite.evaluate(split));
    }

    @Override
    public String load(DevicePlan plan, MergeWeights w) {
        Map<String, NDArray> parameters = suite.encoderParameters();
        plan.apply(w, parameters);
        return DevicePlan.firstNonFinite(parameters);
    }

    @Override
    public Scores scoreLoaded(SplitName split) {
        return scores(suite.evaluate(split));
    }

    @Override
    public Race.Stages stages(MergedTensors merged, SplitName split) {
        if (merged != null) suite.setEncoderWeights(merged.tensors());
        return new Race.Stages() {
            @Override
            public Map<String, Predictions> predict(double from, double to) {
                return suite.predict(split, from, to);
            }

            @Override
            public Scores score(Map<String, Predictions> predictions) {
                return scores(suite.scores(split, predictions));
            }
        };
    }

    /** The pre-trained encoder with each task's head, on validation and test. */
    PopulationScores.Row pretrained() {
        suite.useBaseEncoder();
        Scores val = scores(suite.evaluate(SplitName.VALIDATION));
        Scores test = scores(suite.evaluate(SplitName.TEST));
        return new PopulationScores.Row(val.metrics(), test.metrics(), val.fitness(), test.predictions());
    }

    /** Each task's own fine-tuned model on its task, validation and test (no fitness: no one model does all). */
    PopulationScores.Row individual() {
        Map<String, Map<String, Double>> val = new LinkedHashMap<>(), test = new LinkedHashMap<>();
        Map<String, Predictions> testPredictions = new LinkedHashMap<>();
        for (String task : suite.tasks()) {
            val.put(task, keyed(suite.evaluateTaskModel(task, SplitName.VALIDATION)));
            // the encoder holds the task's own model now
            Predictions p = suite.predict(task, SplitName.TEST);
            testPredictions.put(task, p);
            test.put(task, keyed(suite.metrics(task, p)));
        }
        return new PopulationScores.Row(val, test, null, testPredictions);
    }

    private static Scores scores(TaskScores s) {
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        s.tasks().forEach((task, m) -> metrics.put(task, keyed(m)));
        return new Scores(metrics, s.fitness(), s.fitnessStandardError(), s.predictions());
    }

    /** Metric values under the summary's keys ("mcc" for Matthews correlation, as the papers' tables say). */
    private static Map<String, Double> keyed(MetricsResult m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.asMap().forEach((metric, v) -> out.put(metric == Metric.MATTHEWS ? "mcc" : metric.key(), v));
        return out;
    }

    @Override
    public void close() {
        suite.close();
    }
}
