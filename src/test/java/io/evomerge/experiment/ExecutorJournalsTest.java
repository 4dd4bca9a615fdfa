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

    @BeforeAll
    static void tinyExperiment() throws IOException {
        TinyExperiment.writeData(dir, Path.of("datasets"));
    }

    // CMA-ES proposes 7 per generation for three genes, after its start point: a first generation of 8 spread over
    // the evaluators; the PCB ratio gene makes evaluators build plans of their own
    private static final String PCB_ES = """
            search:
              - {name: pcb-es, method: pcb, genes: {weights: [0.5, 3.0], ratio: [0.05, 0.3], snap: 0.1}, strategy: cmaes, budget: 10}
            """;

    private static RunSummary run(String name, String keys, String body, ExperimentRun.Executor executor) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, TinyExperiment.yaml(name, 5, keys, body));
        return new ExperimentRun(ExperimentConfig.read(file), new ExperimentRun.Options(dir.resolve("results"), false,
                false, List.of(), false, 0, 1L << 30, false, executor), RunListener.SILENT).run();
    }

    /** A journal without its seconds: what must not depend on where candidates ran. */
    private static List<List<Object>> journal(String run) {
        return journal(run, "pcb-es");
    }

    private static List<List<Object>> journal(String run, String search) {
        List<Evaluation> all = Journal.read(dir.resolve("results").resolve(run).resolve("searches").resolve(search)
                        .resolve(Journal.FILE))
                .evaluations();
        return all.stream().map(e -> List.<Object>of(e.index(), e.generation(), e.genome(), e.params(), e.metrics(),
                e.fitness(), String.valueOf(e.failure()))).toList();
    }

    @Test
    @Order(1)
    void oneAndTwoLocalEvaluatorsWriteTheSameJournal() throws Exception {
        run("one", "device: cpu\n", PCB_ES, ExperimentRun.Executor.LOCAL);
        run("two", "devices: [cpu, cpu]\n", PCB_ES, ExperimentRun.Executor.LOCAL);
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
        inLocal2(() -> run("spark", "device: cpu\n", PCB_ES, ExperimentRun.Executor.SPARK));
        assertEquals(journal("one"), journal("spark"));
        assertEquals(RunSummary.read(dir.resolve("results/one/summary.json")).rows().getLast().test(),
                RunSummary.read(dir.resolve("results/spark/summary.json")).rows().getLast().test());
    }

    /**
     * backend: device on Spark: each resident evaluator builds its own device plans on its executor's device (here
     * two on the CPU in one JVM) and rebuilds candidates into its own model, as the one local evaluator does.
     */
    @Test
    @Order(3)
    void sparkWithTheDeviceBackendWritesTheLocalExecutorsJournal() throws Exception {
        // TIES' device plan is quick to build (PCB's takes minutes on this CPU); a generation of 4 over two slots
        String ties = """
                search:
                  - {name: ties-rand, method: ties, genes: {weights: [0.5, 1.5]}, strategy: random, options: {batch: 4}, budget: 4}
                """;
        run("device-local", "device: cpu\nbackend: device\n", ties, ExperimentRun.Executor.LOCAL);
        inLocal2(() -> run("device-spark", "device: cpu\nbackend: device\n", ties, ExperimentRun.Executor.SPARK));
        List<List<Object>> local = journal("device-local", "ties-rand");
        assertEquals(4, local.size());
        assertTrue(local.stream().allMatch(e -> e.get(6).equals("null")), "every candidate scored: " + local);
        assertEquals(local, journal("device-spark", "ties-rand"));
    }

    private interface Run {
        void run() throws IOException;
    }

    private static void inLocal2(Run run) throws IOException {
        System.setProperty("spark.master", "local[2]");
        try {
            run.run();
        } finally {
            System.clearProperty("spark.master");
        }
    }
}
