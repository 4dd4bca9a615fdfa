package io.evomerge.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The small real experiment that end-to-end tests run: all-MiniLM fine-tuned for two steps on slices of two shipped
 * tasks (the first 24 train, 12 validation and 12 test lines of {@code sentiment} and {@code topic}), its population
 * in {@code pop} beside the experiment file. Each test gives the name, seed, any top-level keys (device, backend)
 * and its merges and searches; tests in one folder share the population.
 */
final class TinyExperiment {
    private TinyExperiment() {
    }

    /** Writes the data slices into {@code dir/data}, from {@code shippedDatasets} (the repository's datasets folder). */
    static void writeData(Path dir, Path shippedDatasets) throws IOException {
        for (String task : List.of("sentiment", "topic")) slice(shippedDatasets.resolve(task), dir.resolve("data").resolve(task));
    }

    /** The experiment's text: the shared head, {@code keys} (lines, or "") after the backbone, then {@code body}. */
    static String yaml(String name, int seed, String keys, String body) {
        return "name: " + name + "\nseed: " + seed + "\nbackbone: all-minilm-l6-v2\n" + keys + """
                max_length: 24
                population: pop
                tasks:
                  - {name: sentiment, source: jsonl, path: data/sentiment}
                  - {name: topic, source: jsonl, path: data/topic}
                finetune: {epochs: 1, batch_size: 8, max_steps: 2}
                evaluation: {batch_size: 16}
                """ + body;
    }

    /** The first 24/12/12 lines of a shipped task's splits. */
    private static void slice(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Files.copy(from.resolve("task.json"), to.resolve("task.json"));
        for (String split : List.of("train", "validation", "test")) {
            List<String> lines = Files.readAllLines(from.resolve(split + ".jsonl"));
            Files.write(to.resolve(split + ".jsonl"), lines.subList(0, split.equals("train") ? 24 : 12));
        }
    }
}
