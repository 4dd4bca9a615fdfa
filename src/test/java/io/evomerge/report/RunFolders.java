package io.evomerge.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Hand-written run folders: a summary whose rows are out of the papers' order, and small search journals. */
final class RunFolders {
    /** Test metrics of the search row are {@code SEARCH_TEST}; everything else is fixed. */
    static final String SUMMARY = """
            {"run": "quickstart", "experiment": "experiments/quickstart.yaml",
             "machine": "2-core x86_64, 24 GiB, no GPU (Linux 6.18)", "started": "2026-11-23T09:00:00Z",
             "wall_seconds": 812.5, "future_key": {"ignored": true},
             "tasks": [{"name": "sentiment", "metric": "accuracy"}, {"name": "cola", "metric": "mcc"}],
             "rows": [
               {"label": "PCB+ES", "kind": "search", "method": "pcb", "strategy": "cmaes", "search": "pcb-cmaes",
                "validation": {"sentiment": {"accuracy": 0.9}, "cola": {"mcc": 0.5}},
                "test": SEARCH_TEST,
                "validation_fitness": 0.7, "evaluations": 100, "seconds": 240.0,
                "params": {"weights": [1.1, 0.9], "lambda": 1.0, "ratio": 0.1}},
               {"label": "TIES", "kind": "baseline", "method": "ties", "strategy": null,
                "validation": {"sentiment": {"accuracy": 0.86}, "cola": {"mcc": 0.41}},
                "test": {"sentiment": {"accuracy": 0.861}, "cola": {"mcc": 0.4125}},
                "validation_fitness": 0.635, "evaluations": 1, "seconds": 3.5, "params": {}},
               {"label": "Task arithmetic", "kind": "baseline", "method": "task_arithmetic", "strategy": null,
                "validation": {"sentiment": {"accuracy": 0.85}, "cola": {"mcc": 0.4}},
                "test": {"sentiment": {"accuracy": 0.85}, "cola": {"mcc": 0.40}},
                "validation_fitness": 0.625, "evaluations": 1, "seconds": 3.1, "params": {"lambda": 0.4}},
               {"label": "Fine-tuned (individual)", "kind": "individual", "method": null, "strategy": null,
                "validation": {"sentiment": {"accuracy": 0.92}, "cola": {"mcc": 0.56}},
                "test": {"sentiment": {"accuracy": 0.912}, "cola": {"mcc": 0.554, "accuracy": 0.8}},
                "validation_fitness": null, "evaluations": 2, "seconds": 6.0, "params": {}},
               {"label": "PCB grid", "kind": "grid", "method": "pcb", "strategy": "grid",
                "validation": {"sentiment": {"accuracy": 0.88}, "cola": {"mcc": 0.45}},
                "test": {"sentiment": {"accuracy": 0.874}, "cola": {"mcc": 0.44}},
                "validation_fitness": 0.665, "evaluations": 27, "seconds": 75.0, "params": {"lambda": 1.0, "ratio": 0.2}},
               {"label": "Pre-trained + task heads", "kind": "baseline", "method": null, "strategy": null,
                "validation": {"sentiment": {"accuracy": 0.61}, "cola": {"mcc": 0.0, "accuracy": 0.69}},
                "test": {"sentiment": {"accuracy": 0.60}, "cola": {"mcc": 0.0, "accuracy": 0.69}},
                "validation_fitness": 0.305, "evaluations": 1, "seconds": 3.2, "params": {}},
               {"label": "PCB", "kind": "baseline", "method": "pcb", "strategy": null,
                "validation": {"sentiment": {"accuracy": 0.87}, "cola": {"mcc": 0.42}},
                "test": {"sentiment": {"accuracy": 0.87}, "cola": {"mcc": 0.43}},
                "validation_fitness": 0.645, "evaluations": 1, "seconds": 3.3, "params": {}}
             ]}
            """;
    /** The search wins: average 67.5 against PCB grid's 65.7. */
    static final String SEARCH_WINS = "{\"sentiment\": {\"accuracy\": 0.88}, \"cola\": {\"mcc\": 0.47}}";
    /** The search loses: average 65.0 against PCB grid's 65.7. */
    static final String SEARCH_LOSES = "{\"sentiment\": {\"accuracy\": 0.86}, \"cola\": {\"mcc\": 0.44}}";

    private RunFolders() {
    }

    static Path summary(Path dir, String searchTest) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(RunSummary.FILE), SUMMARY.replace("SEARCH_TEST", searchTest));
        return dir.resolve(RunSummary.FILE);
    }

    /** A complete run folder: the summary, and journals for pcb-cmaes (120 evaluations) and cabs-cmaes (60). */
    static Path run(Path dir) throws IOException {
        summary(dir, SEARCH_WINS);
        journal(dir.resolve("searches/pcb-cmaes/evaluations.jsonl"), "cmaes", "pcb", fitnesses(120, Map.of(
                10, 0.4, 30, 0.5, 80, 0.7, 101, 0.9)), 60);
        journal(dir.resolve("searches/cabs-cmaes/evaluations.jsonl"), "cmaes", "cabs", fitnesses(60, Map.of(
                5, 0.35, 40, 0.55)), -1);
        return dir;
    }

    /** Fitness 0.1 for evaluations 1..n except the given ones (1-based). */
    static double[] fitnesses(int n, Map<Integer, Double> peaks) {
        double[] f = new double[n];
        for (int i = 0; i < n; i++) f[i] = peaks.getOrDefault(i + 1, 0.1);
        return f;
    }

    /** Writes a journal through {@link JournalWriter}; evaluation {@code failedAt} (1-based) fails with fitness -1. */
    static void journal(Path file, String strategy, String method, double[] fitness, int failedAt) throws IOException {
        try (JournalWriter writer = JournalWriter.open(file)) {
            for (int i = 0; i < fitness.length; i++) {
                boolean failed = i + 1 == failedAt;
                writer.append(new Evaluation(i, i / 10, strategy, method, List.of(0.1 * i, -0.3),
                        Map.of("weights", List.of(1.0, 1.1), "lambda", 1.0),
                        failed ? Map.of() : Map.of("sentiment", Map.of("accuracy", fitness[i])),
                        failed ? -1 : fitness[i], 2.0 + (i % 3), failed ? "out of memory" : null, 0.5, 1.5,
                        failed ? null : 0.02, null));
            }
        }
    }
}
