package io.evomerge.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.evomerge.EvomergeException;
import io.evomerge.data.EncodedText;
import io.evomerge.data.Example;
import io.evomerge.data.Split;
import io.evomerge.data.SplitName;
import io.evomerge.data.TaskKind;
import io.evomerge.data.TextEncoder;
import io.evomerge.experiment.ExperimentConfig;
import io.evomerge.model.BertEncoder;
import io.evomerge.model.HfFolders;
import io.evomerge.model.TaskHead;
import io.evomerge.model.TinyBert;
import io.evomerge.population.Population;
import io.evomerge.population.TaskConfig;
import io.evomerge.population.TaskMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskSuiteTest {
    @TempDir
    static Path dir;
    static ExperimentConfig config;

    @BeforeAll
    static void population() throws Exception {
        config = ExperimentConfig.read(TinyPopulation.create(dir));
    }

    /**
     * Batched, length-grouped, padded evaluation equals scoring every example alone without padding (the truth),
     * for classification, regression, multiple choice and bi-encoder pairs; the fitness is the weighted mean of
     * headline metrics.
     */
    @Test
    void batchedScoresEqualExampleByExampleTruth() throws Exception {
        try (TaskSuite suite = TaskSuite.open(config.population())) {
            assertEquals(List.of("sst2", "stsb", "story", "rte"), suite.tasks());
            TaskScores scores = suite.evaluate(SplitName.VALIDATION);
            double weighted = 0;
            for (TaskConfig task : config.tasks()) {
                MetricsResult truth = truth(task, suite.baseWeights());
                MetricsResult batched = scores.tasks().get(task.name());
                assertEquals(truth.asMap().keySet(), batched.asMap().keySet());
                truth.asMap().forEach((metric, value) ->
                        assertEquals(value, batched.get(metric), 1e-5, task.name() + " " + metric.key()));
                weighted += task.weight() * batched.get(task.spec().metrics().getFirst());
            }
            assertEquals(weighted / 6, scores.fitness(), 1e-12);
            assertEquals(48, suite.encoded("sst2", SplitName.VALIDATION).examples(), "validation_subset applies");
            assertEquals(872, suite.encoded("sst2", SplitName.TEST).examples(), "test is whole");
        }
    }

    /** Task models, candidates and the base swap in place; each swap gives the scores of a fresh suite. */
    @Test
    void encoderWeightsSwapInPlace() {
        try (TaskSuite suite = TaskSuite.open(config.population())) {
            TaskScores base = suite.evaluate(SplitName.VALIDATION);
            MetricsResult own = suite.evaluateTaskModel("stsb", SplitName.VALIDATION);
            assertNotEquals(base.tasks().get("stsb"), own);
            suite.useBaseEncoder();
            assertEquals(base, suite.evaluate(SplitName.VALIDATION));
            suite.setEncoderWeights(suite.readEncoder(config.populationLayout().task("stsb")
                    .resolve("model.safetensors")));
            assertEquals(own, suite.evaluate("stsb", SplitName.VALIDATION));
            assertThrows(IllegalArgumentException.class, () -> suite.evaluate("cola", SplitName.VALIDATION));
        }
    }

    /** The search calls evaluate thousands of times: native arrays must not accumulate, scores must not drift. */
    @Test
    @Tag("slow")
    void fiftyEvaluationsLeaveNoNativeArraysBehind() {
        try (TaskSuite suite = TaskSuite.open(config.population())) {
            TaskScores first = suite.evaluate(SplitName.VALIDATION);
            int live = suite.liveArrays();
            for (int i = 0; i < 50; i++) {
                suite.setEncoderWeights(suite.baseWeights());
                assertEquals(first, suite.evaluate(SplitName.VALIDATION));
            }
            assertEquals(live, suite.liveArrays(), "arrays alive in the suite's manager tree");
        }
    }

    @Test
    void missingTaskModelIsAOneLineErrorNamingTheCommand() throws Exception {
        Path metrics = config.populationLayout().task("story").resolve(Population.METRICS);
        Files.move(metrics, metrics.resolveSibling("moved.json"));
        try {
            String message = assertThrows(EvomergeException.class, () -> TaskSuite.open(config.population())).getMessage();
            assertTrue(message.contains("has no finished task model; run: evomerge finetune"), message);
            assertTrue(message.endsWith("--task story"), message);
        } finally {
            Files.move(metrics.resolveSibling("moved.json"), metrics);
        }
    }

    /** Each example scored alone: its own unpadded input(s), batch of one, argmax / value by hand. */
    private static MetricsResult truth(TaskConfig task, Map<String, float[]> weights) throws Exception {
        Path folder = config.populationLayout().task(task.name());
        TaskMetadata metadata = TaskMetadata.read(folder.resolve(Population.TASK_METADATA));
        Split split = task.read(SplitName.VALIDATION, config.seed());
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             TextEncoder text = TextEncoder.load(config.populationLayout().base().resolve("tokenizer.json"), 64)) {
            BertEncoder encoder = new BertEncoder(TinyBert.CONFIG);
            encoder.initializeParameters(manager);
            encoder.loadParameters(weights);
            TaskHead head = new TaskHead(metadata.head(), 32);
            head.initializeParameters(manager, 32);
            head.load(HfFolders.readHead(folder));
            int n = split.size();
            int[] classes = new int[n];
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                Example e = split.examples().get(i);
                if (metadata.head().kind() == TaskKind.MULTIPLE_CHOICE) {
                    float best = Float.NEGATIVE_INFINITY;
                    for (int c = 0; c < e.choices().size(); c++) {
                        float s = score(encoder, head, manager, text.encode(e.text(), e.choices().get(c)))[0];
                        if (s > best) {
                            best = s;
                            classes[i] = c;
                        }
                    }
                } else if (metadata.head().biEncoder()) {
                    float[] s = pairScore(encoder, head, manager, text.encode(e.text(), null),
                            text.encode(e.textPair(), null));
                    classes[i] = s[1] > s[0] ? 1 : 0;
                } else {
                    float[] s = score(encoder, head, manager, text.encode(e.text(), e.textPair()));
                    values[i] = s[0];
                    classes[i] = s.length > 1 && s[1] > s[0] ? 1 : 0;
                }
            }
            return metadata.head().kind() == TaskKind.REGRESSION
                    ? Metrics.regression(split.task().metrics(), values, split.scores())
                    : Metrics.classification(split.task().metrics(), classes, split.classLabels());
        }
    }

    /** A bi-encoder example: each sentence pooled alone, then the head on the pair. */
    private static float[] pairScore(BertEncoder encoder, TaskHead head, NDManager manager, EncodedText first,
                                     EncodedText second) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray u = pooled(encoder, head, scope, first);
            NDArray v = pooled(encoder, head, scope, second);
            return head.pairScores(u.concat(v).reshape(1, 2, -1)).toFloatArray();
        }
    }

    private static NDArray pooled(BertEncoder encoder, TaskHead head, NDManager scope, EncodedText input) {
        NDArray ids = scope.create(input.ids(), new Shape(1, input.length()));
        NDArray mask = ids.onesLike();
        return head.pool(encoder.lastHiddenState(ids, mask, null), mask);
    }

    private static float[] score(BertEncoder encoder, TaskHead head, NDManager manager, EncodedText input) {
        try (NDManager scope = manager.newSubManager()) {
            Shape shape = new Shape(1, input.length());
            NDArray ids = scope.create(input.ids(), shape);
            NDArray mask = ids.onesLike();
            return head.scores(encoder.lastHiddenState(ids, mask, scope.create(input.typeIds(), shape)), mask)
                    .toFloatArray();
        }
    }
}
