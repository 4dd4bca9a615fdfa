package io.evomerge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.AtomicFiles;
import io.evomerge.data.SplitName;
import io.evomerge.eval.MetricsResult;
import io.evomerge.eval.TaskScores;
import io.evomerge.eval.TaskSuite;
import io.evomerge.experiment.ExperimentConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code evomerge eval EXPERIMENT --model PATH}: every task's metrics for one encoder, as JSON. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score an encoder (a merged model) on every task of an experiment with the population's heads; prints JSON.")
final class EvalCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "Experiment YAML whose population holds the heads.")
    Path experiment;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--model", paramLabel = "PATH", description = "Encoder to score: a Hugging Face folder or a .safetensors file.")
        Path model;

        @Option(names = "--base", description = "Score the pre-trained encoder with the task heads (baseline).")
        boolean base;

        @Option(names = "--task-models", description = "Score each fine-tuned task model on its own task.")
        boolean taskModels;
    }

    @Option(names = "--split", defaultValue = "validation", paramLabel = "SPLIT",
            description = "validation (each task's validation_subset, as the search sees it) or test (default ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON to FILE (atomically).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SplitName splitName = switch (split.toLowerCase(Locale.ROOT)) {
            case "validation" -> SplitName.VALIDATION;
            case "test" -> SplitName.TEST;
            default -> throw new EvomergeException("--split: '" + split + "' is not one of validation, test");
        };
        ExperimentConfig config = ExperimentConfig.read(experiment);
        long t0 = System.nanoTime();
        ObjectNode root = JSON.createObjectNode();
        root.put("experiment", config.name());
        root.put("split", splitName.fileStem());
        try (TaskSuite suite = TaskSuite.open(config.population())) {
            if (which.taskModels) {
                root.put("model", "task models");
                Map<String, MetricsResult> results = new LinkedHashMap<>();
                for (String task : suite.tasks()) {
                    results.put(task, suite.evaluateTaskModel(task, splitName));
                }
                root.set("tasks", tasks(results));
            } else {
                if (which.base) {
                    root.put("model", "base");
                } else {
                    root.put("model", which.model.toAbsolutePath().toString());
                    suite.setEncoderWeights(suite.readEncoder(which.model));
                }
                TaskScores scores = suite.evaluate(splitName);
                root.set("tasks", tasks(scores.tasks()));
                root.put("fitness", scores.fitness());
            }
        }
        root.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        String text = JSON.writeValueAsString(root);
        spec.commandLine().getOut().println(text);
        if (out != null) {
            AtomicFiles.writeString(out, text + "\n");
        }
        return 0;
    }

    private static ObjectNode tasks(Map<String, MetricsResult> results) {
        ObjectNode node = JSON.createObjectNode();
        results.forEach((task, result) -> {
            ObjectNode metrics = node.putObject(task);
            result.asMap().forEach((metric, value) -> metrics.put(metric.key(), value));
        });
        return node;
    }
}
