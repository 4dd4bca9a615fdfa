package io.evomerge.experiment;

import io.evomerge.report.Evaluation;
import io.evomerge.report.Journal;
import io.evomerge.report.RunSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where candidates run does not change the run: on a tiny real population (all-MiniLM fine-tuned for two steps on
 * slices of two shipped tasks), the same seed gives the same journal (same candidates in the same order and
 * generations, same metrics and fitness) with one local evaluator, with two ({@code devices: [cpu, cpu]}), and on
 * Spark in {@code local[2]} (every candidate a task, serialized to and from the executor, scored by resident
 * evaluators). Only the seconds differ.
 */
@Tag("slow") // a real population and Spark local[2]: ~40 s on 2 idle cores
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExecutorJournalsTest {
    @TempDir
    static Path dir;
    static String experiment;

    @BeforeAll
    static void tinyExperiment() throws IOException {
        for (String task : List.of("sentiment", "topic")) slice(Path.of("datasets", task), dir.resolve("data").resolve(task));
        // CMA-ES proposes 7 per generation for three genes, after its start point: a first generation of 8 spread
        // over the evaluators; the PCB ratio gene makes evaluators build plans of their own
        experiment = """
                name: NAME
                seed: 5
                backbone: all-minilm-l6-v2
                DEVICES
                max_length: 24
                population: pop
                tasks:
                  - {name: sentiment, source: jsonl, path: data/sentiment}
                  - {name: topic, source: jsonl, path: data/topic}
                finetune: {epochs: 1, batch_size: 8, max_steps: 2}
                evaluation: {batch_size: 16}
                search:
                  - {name: pcb-es, method: pcb, genes: {weights: [0.5, 3.0], ratio: [0.05, 0.3], snap: 0.1}, strategy: cmaes, budget: 10}
                """;
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

    private static RunSummary run(String name, String devices, ExperimentRun.Executor executor) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, experiment.replace("NAME", name).replace("DEVICES", devices));
        return new ExperimentRun(ExperimentConfig.read(file), new ExperimentRun.Options(dir.resolve("results"), false,
                false, List.of(), false, 0, 1L << 30, false, executor), RunListener.SILENT).run();
    }

    /** A journal without its seconds: what must not depend on where candidates ran. */
    private static List<List<Object>> journal(String run) {
        List<Evaluation> all = Journal.read(dir.resolve("results").resolve(run).resolve("searches/pcb-es/evaluations.jsonl"))
                .evaluations();
        return all.stream().map(e -> List.<Object>of(e.index(), e.generation(), e.genome(), e.params(), e.metrics(),
                e.fitness(), String.valueOf(e.failure()))).toList();
    }

    @Test
    @Order(1)
    void oneAndTwoLocalEvaluatorsWriteTheSameJournal() throws Exception {
        run("one", "device: cpu", ExperimentRun.Executor.LOCAL);
        run("two", "devices: [cpu, cpu]", ExperimentRun.Executor.LOCAL);
        List<List<Object>> one = journal("one");
        assertEquals(10, one.size());
        assertEquals(one, journal("two"));
        assertEquals(2, one.stream().map(e -> e.get(1)).distinct().count(), "a generation of 8, then 2: " + one);
        assertTrue(one.stream().map(e -> ((Map<?, ?>) e.get(3)).get("ratio")).distinct().count() >= 2,
                "candidates on several plans");
        assertTrue(one.stream().allMatch(e -> e.get(6).equals("null")), "every candidate scored: " + one);
        assertEquals(RunSummary.read(dir.resolve("results/one/summary.json")).rows().getLast().test(),
                RunSummary.read(dir.resolve("results/two/summary.json")).rows().getLast().test(), "the best's test metrics");
    }

    @Test
    @Order(2)
    void sparkInLocalModeWritesTheLocalExecutorsJournal() throws Exception {
        System.setProperty("spark.master", "local[2]");
        try {
            run("spark", "device: cpu", ExperimentRun.Executor.SPARK);
        } finally {
            System.clearProperty("spark.master");
        }
        assertEquals(journal("one"), journal("spark"));
        assertEquals(RunSummary.read(dir.resolve("results/one/summary.json")).rows().getLast().test(),
                RunSummary.read(dir.resolve("results/spark/summary.json")).rows().getLast().test());
    }
}
