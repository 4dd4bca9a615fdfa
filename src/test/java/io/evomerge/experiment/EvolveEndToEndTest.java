package io.evomerge.experiment;

import io.evomerge.EvomergeException;
import io.evomerge.population.TaskConfig;
import io.evomerge.report.Journal;
import io.evomerge.report.RowKind;
import io.evomerge.report.RunSummary;
import io.evomerge.report.SummaryRow;
import io.evomerge.cli.Main;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * evolve on a tiny real population (all-MiniLM fine-tuned for two steps on slices of two shipped tasks): a run
 * killed mid-search is refused without --resume before any work, resumes from its journal and ends at exactly the
 * budget; a finished run is kept and the next run writes {@code <name>-2}; scores are reused within a run (a grid
 * point equal to the defaults) and across runs (the population's own rows, stored with it); a search whose plans
 * cannot fit fails candidate by candidate without stopping the run; a search on the test split is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("slow")
class EvolveEndToEndTest {
    @TempDir
    static Path dir;
    static Path experiment;

    @BeforeAll
    static void tinyExperiment() throws IOException {
        TinyExperiment.writeData(dir, Path.of("datasets"));
        experiment = dir.resolve("tiny.yaml");
        Files.writeString(experiment, TinyExperiment.yaml("tiny", 3, "", """
                merges:
                  - {method: pcb}
                search:
                  - {name: pcb-es, method: pcb, genes: {weights: [0.5, 3.0]}, strategy: cmaes, budget: 6}
                  - {name: ta-es, method: task_arithmetic, genes: {weights: [0.5, 1.5]}, strategy: random, budget: 2}
                """));
    }

    private static ExperimentRun run(boolean resume, List<String> searches, long planBytes, RunListener listener) {
        return new ExperimentRun(ExperimentConfig.read(experiment), new ExperimentRun.Options(dir.resolve("results"),
                resume, false, searches, false, 1, planBytes, false), listener);
    }

    /** Throws after {@code n} fresh evaluations, as a kill would stop the run. */
    private static RunListener killAfter(int n) {
        return new RunListener() {
            int seen;

            @Override
            public void evaluated(String name, long index, double fitness, double best, double seconds) {
                if (++seen == n) throw new IllegalStateException("killed");
            }
        };
    }

    @Test
    @Order(1)
    void aKilledRunResumesToExactlyTheBudget() throws Exception {
        assertThrows(IllegalStateException.class, () -> run(false, List.of("pcb-es"), 1L << 30, killAfter(3)).run());
        Path journal = dir.resolve("results/tiny/searches/pcb-es/evaluations.jsonl");
        assertEquals(3, Journal.read(journal).evaluations().size(), "the journal holds what was evaluated before the kill");

        List<String> messages = new java.util.ArrayList<>();
        EvomergeException again = assertThrows(EvomergeException.class, () -> run(false, List.of("pcb-es"), 1L << 30,
                new RunListener() {
                    @Override
                    public void message(String text) {
                        messages.add(text);
                    }
                }).run());
        assertTrue(again.getMessage().contains("unfinished run: pass --resume"), again.getMessage());
        assertEquals(List.of(), messages, "refused before any work");

        RunSummary summary = run(true, List.of("pcb-es"), 1L << 30, RunListener.SILENT).run();
        List<io.evomerge.report.Evaluation> evaluations = Journal.read(journal).evaluations();
        assertEquals(6, evaluations.size(), "exactly the budget");
        for (int i = 0; i < 6; i++) assertEquals(i, evaluations.get(i).index());
        SummaryRow search = summary.rows().stream().filter(r -> r.kind() == RowKind.SEARCH).findFirst().orElseThrow();
        assertEquals(6, search.evaluations());
        assertEquals(2, search.test().size(), "the best was evaluated on both tasks' test splits");
        assertTrue(Files.isRegularFile(dir.resolve("results/tiny/best.yaml")));
        assertTrue(Files.isRegularFile(dir.resolve("results/tiny/report.md")));
        assertEquals(List.of("Pre-trained + task heads", "Fine-tuned (individual)", "PCB", "PCB+ES"),
                summary.rows().stream().map(SummaryRow::label).toList());
        for (int i = 1; i < 6; i++) {
            assertTrue(evaluations.get(i).generation() >= evaluations.get(i - 1).generation(),
                    "generations continue across the resume: " + evaluations.stream().map(e -> e.generation()).toList());
        }
        RunManifest manifest = RunManifest.read(dir.resolve("results/tiny"));
        assertEquals(List.of(false, true), manifest.starts().stream().map(RunManifest.Start::resume).toList());
        assertEquals(manifest.starts().getFirst().at(), summary.started(), "the run started with its first process");
        assertEquals(3, manifest.population().size(), "base and both task models hashed");
        assertTrue(Files.isRegularFile(dir.resolve("results/tiny/experiment.yaml")));
        assertFalse(Files.exists(dir.resolve("results/tiny/run.lock")), "the lock is gone with its run");
        assertUncertaintyFromKeptPredictions(dir.resolve("results/tiny"), summary);
        for (var e : evaluations) {
            assertTrue(e.fitnessSe() != null && e.fitnessSe() >= 0 && e.fitnessSe() < 0.5, "fitness_se " + e.fitnessSe());
        }

        // --resume on the finished run says so and touches nothing
        Path folder = dir.resolve("results/tiny");
        Map<Path, FileTime> before = modified(folder);
        List<String> said = new java.util.ArrayList<>();
        ExperimentRun finished = run(true, List.of("pcb-es"), 1L << 30, new RunListener() {
            @Override
            public void message(String text) {
                said.add(text);
            }
        });
        assertEquals(RunSummary.read(folder.resolve(RunSummary.FILE)), finished.run());
        assertTrue(finished.foundFinished());
        assertEquals(List.of(folder + " is finished (its summary.json is written): nothing to resume; run without"
                + " --resume to start a new run"), said);
        assertEquals(before, modified(folder), "no file written, removed or added");
    }

    /**
     * predictions.json holds every row's test predictions, from which its table metrics are recomputed exactly, and
     * each row's intervals hold its value; merges other than the reference have a paired difference.
     */
    static void assertUncertaintyFromKeptPredictions(Path runDir, RunSummary summary) {
        Map<String, Map<String, io.evomerge.eval.Predictions>> kept =
                PredictionsFile.read(runDir.resolve(PredictionsFile.FILE));
        ExperimentConfig config = ExperimentConfig.read(experiment);
        assertEquals(summary.rows().stream().map(SummaryRow::label).toList(), List.copyOf(kept.keySet()));
        int compared = 0;
        for (SummaryRow row : summary.rows()) {
            for (TaskConfig task : config.tasks()) {
                var metrics = kept.get(row.label()).get(task.name()).metrics(task.spec().metrics());
                for (var m : metrics.asMap().entrySet()) {
                    String key = m.getKey() == io.evomerge.data.Metric.MATTHEWS ? "mcc" : m.getKey().key();
                    assertEquals(m.getValue(), row.test().get(task.name()).get(key), row.label() + " " + task.name());
                }
                var interval = row.uncertainty().tasks().get(task.name());
                assertTrue(interval.low() <= interval.value() && interval.value() <= interval.high(), interval.toString());
            }
            if (row.uncertainty().difference() != null) compared++;
        }
        assertTrue(compared >= 1, "a merge row compared with the best non-search row");
    }

    private static Map<Path, FileTime> modified(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            Map<Path, FileTime> out = new java.util.TreeMap<>();
            for (Path f : files.toList()) out.put(f, Files.getLastModifiedTime(f));
            return out;
        }
    }

    /** An edited experiment is refused on --resume with the reason; --force-resume goes on and is recorded. */
    @Test
    @Order(2)
    void aResumeOfAnEditedExperimentIsRefusedUnlessForced() throws Exception {
        Path edited = dir.resolve("tiny-edit.yaml");
        String tiny = Files.readString(experiment).replace("name: tiny", "name: tiny-edit");
        Files.writeString(edited, tiny);
        Options killed = new Options(false, false);
        assertThrows(IllegalStateException.class, () -> runOf(edited, killed, killAfter(2)).run());
        Files.writeString(edited, tiny.replace("strategy: cmaes, budget: 6", "strategy: cmaes, budget: 7"));
        EvomergeException refused = assertThrows(EvomergeException.class, () -> runOf(edited, new Options(true, false),
                RunListener.SILENT).run());
        String m = refused.getMessage();
        assertTrue(m.startsWith(dir.resolve("results/tiny-edit/manifest.json") + ": the experiment " + edited + " changed"), m);
        assertTrue(m.contains("--force-resume") && !m.contains("\n"), m);
        assertEquals(2, Journal.read(dir.resolve("results/tiny-edit/searches/pcb-es/evaluations.jsonl")).evaluations().size(),
                "refused before any evaluation");

        RunSummary summary = runOf(edited, new Options(true, true), RunListener.SILENT).run();
        assertEquals(7, summary.rows().stream().filter(r -> r.kind() == RowKind.SEARCH).findFirst().orElseThrow().evaluations());
        RunManifest.Start forced = RunManifest.read(dir.resolve("results/tiny-edit")).starts().getLast();
        assertTrue(forced.resume() && forced.forced(), forced.toString());
        assertTrue(forced.differences().getFirst().contains("the experiment " + edited + " changed"), forced.toString());
    }

    private record Options(boolean resume, boolean force) {
    }

    private static ExperimentRun runOf(Path yaml, Options o, RunListener listener) {
        return new ExperimentRun(ExperimentConfig.read(yaml), new ExperimentRun.Options(dir.resolve("results"),
                o.resume(), false, List.of("pcb-es"), false, 1, 1L << 30, o.force()), listener);
    }

    /**
     * A full disk while journaling (the journal is /dev/full) is one line naming the journal and the OS's reason,
     * exit 2; with the disk back, --resume finishes the run.
     */
    @Test
    @Order(3)
    void aFullDiskIsAOneLineErrorAndTheRunResumes() throws Exception {
        Path full = dir.resolve("tiny-full.yaml");
        Files.writeString(full, Files.readString(experiment).replace("name: tiny", "name: tiny-full"));
        Path journal = dir.resolve("results/tiny-full/searches/ta-es/evaluations.jsonl");
        Files.createDirectories(journal.getParent());
        Files.createSymbolicLink(journal, Path.of("/dev/full"));
        String[] args = {"evolve", full.toString(), "--results", dir.resolve("results").toString(), "--search", "ta-es",
                "--resume"};
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        assertEquals(2, code, err.toString());
        assertEquals("evomerge: " + journal + ": cannot append to the search journal (No space left on device)\n",
                err.toString());
        Files.delete(journal);
        assertEquals(0, Main.run(args, new PrintWriter(out), new PrintWriter(err)), err.toString());
        assertEquals(2, Journal.read(journal).evaluations().size());
        assertTrue(Files.isRegularFile(dir.resolve("results/tiny-full/summary.json")));
    }

    @Test
    @Order(4)
    void aGridPointEqualToTheDefaultsReusesTheBaselinesScores() throws Exception {
        Path gridExperiment = dir.resolve("tiny-grid.yaml");
        String tiny = Files.readString(experiment);
        Files.writeString(gridExperiment, tiny.substring(0, tiny.indexOf("search:"))
                .replace("name: tiny", "name: tiny-grid")
                .replace("  - {method: pcb}", "  - {method: pcb, parameters: {ratio: 0.1}, grid: {ratio: [0.1, 0.3]}}"));
        RunSummary summary = new ExperimentRun(ExperimentConfig.read(gridExperiment), new ExperimentRun.Options(
                dir.resolve("results"), false, false, List.of(), false, 1, 1L << 30, false), RunListener.SILENT).run();
        List<io.evomerge.report.Evaluation> grid =
                Journal.read(dir.resolve("results/tiny-grid/searches/pcb-grid/evaluations.jsonl")).evaluations();
        SummaryRow pcb = summary.rows().stream().filter(r -> "PCB".equals(r.label())).findFirst().orElseThrow();
        var defaults = grid.stream().filter(e -> e.params().get("ratio").equals(0.1)).findFirst().orElseThrow();
        var other = grid.stream().filter(e -> e.params().get("ratio").equals(0.3)).findFirst().orElseThrow();
        assertEquals(pcb.validation(), defaults.metrics(), "the baseline's validation metrics, not a new scoring");
        assertEquals(pcb.validationFitness(), defaults.fitness());
        assertTrue(defaults.seconds() < other.seconds(), defaults.seconds() + " s answered from memory vs "
                + other.seconds() + " s scored");

        // the population's own rows were stored by the first run: read back, not scored again
        RunSummary first = RunSummary.read(dir.resolve("results/tiny/summary.json"));
        for (int i = 0; i < 2; i++) {
            SummaryRow stored = summary.rows().get(i);
            assertEquals(first.rows().get(i).label(), stored.label());
            assertEquals(first.rows().get(i).validation(), stored.validation());
            assertEquals(first.rows().get(i).test(), stored.test());
            assertEquals(0, stored.evaluations(), stored.label() + " cost no evaluation");
            assertEquals(first.rows().get(i).uncertainty().tasks(), stored.uncertainty().tasks(),
                    "its test predictions were stored with it");
        }
    }

    /** A damaged store of the population's rows costs a rescoring, with the same scores, and is rewritten. */
    @Test
    @Order(5)
    void aDamagedPopulationScoreStoreIsScoredAgain() throws Exception {
        Path store = dir.resolve("pop").resolve(PopulationScores.FILE);
        assertTrue(Files.isRegularFile(store));
        Files.writeString(store, "{ not json");
        Path plain = dir.resolve("tiny-plain.yaml");
        String tiny = Files.readString(experiment);
        Files.writeString(plain, tiny.substring(0, tiny.indexOf("search:")).replace("name: tiny", "name: tiny-plain"));
        RunSummary summary = new ExperimentRun(ExperimentConfig.read(plain), new ExperimentRun.Options(
                dir.resolve("results"), false, false, List.of(), false, 1, 1L << 30, false), RunListener.SILENT).run();
        RunSummary first = RunSummary.read(dir.resolve("results/tiny/summary.json"));
        assertEquals(List.of(1, 2), summary.rows().subList(0, 2).stream().map(SummaryRow::evaluations).toList());
        assertEquals(first.rows().get(1).test(), summary.rows().get(1).test());
        assertEquals(first.rows().get(0).validation(), summary.rows().get(0).validation());
        assertTrue(Files.readString(store).contains("pretrained-"), "rewritten");
    }

    @Test
    @Order(6)
    void candidatesThatCannotBeBuiltFailOneByOneAndTheRunGoesOn() throws Exception {
        // 250 MB holds a PCB plan of MiniLM (base + ~10% kept entries) but not task arithmetic's dense one.
        // results/tiny holds the finished first run: this new run keeps it and writes results/tiny-2.
        String before = Files.readString(dir.resolve("results/tiny/summary.json"));
        RunSummary summary = run(false, List.of("ta-es"), 250L << 20, RunListener.SILENT).run();
        assertEquals("tiny-2", summary.run());
        assertEquals(before, Files.readString(dir.resolve("results/tiny/summary.json")), "the finished run is kept");
        assertTrue(Files.notExists(dir.resolve("results/tiny/searches/ta-es")));
        List<io.evomerge.report.Evaluation> evaluations =
                Journal.read(dir.resolve("results/tiny-2/searches/ta-es/evaluations.jsonl")).evaluations();
        assertEquals(2, evaluations.size());
        for (var e : evaluations) {
            assertEquals(CandidateResult.WORST, e.fitness());
            assertTrue(e.failure().contains("over the memory limit"), e.failure());
        }
        SummaryRow pcb = summary.rows().stream().filter(r -> "PCB".equals(r.label())).findFirst().orElseThrow();
        assertTrue(pcb.validationFitness() > CandidateResult.WORST, "the PCB baseline still fits and runs");
    }

    @Test
    @Order(7)
    void searchingOnTestIsRefusedWithoutOptIn() throws Exception {
        Path onTest = dir.resolve("on-test.yaml");
        Files.writeString(onTest, Files.readString(experiment).replace("strategy: random, budget: 2}", "strategy: random, budget: 2, split: test}"));
        var run = new ExperimentRun(ExperimentConfig.read(onTest), new ExperimentRun.Options(dir.resolve("results"),
                false, false, List.of("ta-es"), false, 1, 1L << 30, false), RunListener.SILENT);
        EvomergeException e = assertThrows(EvomergeException.class, run::run);
        assertTrue(e.getMessage().contains("--allow-test-search"), e.getMessage());
    }

    /**
     * --repeats 2 (as withRepeats): the second repeat is journaled under searches/ta-es/repeat-2/ with seed + 1, a
     * kill inside it resumes to exactly its budget, and the row is the repeats' mean with each repeat's row under it.
     */
    @Test
    @Order(8)
    void aRepeatedSearchIsJournaledPerRepeatAndResumes() throws Exception {
        Path repeated = dir.resolve("tiny-repeats.yaml");
        Files.writeString(repeated, Files.readString(experiment).replace("name: tiny", "name: tiny-repeats"));
        java.util.function.Function<RunListener, ExperimentRun> run = listener -> new ExperimentRun(
                ExperimentConfig.read(repeated).withRepeats(2), new ExperimentRun.Options(dir.resolve("results"), false,
                false, List.of("ta-es"), false, 1, 1L << 30, false), listener);
        assertThrows(IllegalStateException.class, () -> run.apply(killAfter(3)).run());
        Path second = dir.resolve("results/tiny-repeats/searches/ta-es/repeat-2/evaluations.jsonl");
        assertEquals(1, Journal.read(second).evaluations().size(), "killed inside the second repeat");
        RunSummary summary = new ExperimentRun(ExperimentConfig.read(repeated).withRepeats(2), new ExperimentRun.Options(
                dir.resolve("results"), true, false, List.of("ta-es"), false, 1, 1L << 30, false), RunListener.SILENT).run();
        assertEquals(2, Journal.read(second).evaluations().size(), "exactly the budget");
        SummaryRow row = summary.rows().stream().filter(r -> r.kind() == RowKind.SEARCH).findFirst().orElseThrow();
        assertEquals(List.of("ta-es", "ta-es/repeat-2"), row.repeats().stream().map(SummaryRow::search).toList());
        assertEquals(List.of(3L, 4L), row.repeats().stream().map(r -> ((Number) r.params().get("seed")).longValue()).toList());
        assertEquals(4, row.evaluations());
        double mean = row.repeats().stream().mapToDouble(SummaryRow::validationFitness).average().orElseThrow();
        assertEquals(mean, row.validationFitness(), 1e-12);
        for (String task : List.of("sentiment", "topic")) {
            double testMean = row.repeats().stream().mapToDouble(r -> r.test().get(task).get("accuracy")).average()
                    .orElseThrow();
            assertEquals(testMean, row.test().get(task).get("accuracy"), 1e-12);
        }
        assertTrue(row.uncertainty() != null && row.uncertainty().difference() != null, "intervals over the repeats");
        String report = Files.readString(dir.resolve("results/tiny-repeats/report.md"));
        assertTrue(report.contains("(mean of 2 repeats)"), report);
        assertTrue(report.contains("`ta-es/repeat-2`"), "both repeats in the searches table");
    }

    /**
     * racing: true scores candidates in stages and journals the fidelity reached; the race is deterministic (a second
     * run journals the same) and a run killed mid-search resumes to the same journal.
     */
    @Test
    @Order(9)
    void aRacingSearchJournalsItsFidelityDeterministicallyAndResumes() throws Exception {
        Path racing = dir.resolve("tiny-racing.yaml");
        Files.writeString(racing, Files.readString(experiment).replace("name: tiny", "name: tiny-racing")
                .replace("strategy: cmaes, budget: 6}", "strategy: random, budget: 6, racing: true}"));
        java.util.function.BiFunction<Boolean, RunListener, ExperimentRun> run = (resume, listener) -> new ExperimentRun(
                ExperimentConfig.read(racing), new ExperimentRun.Options(dir.resolve("results"), resume, false,
                List.of("pcb-es"), false, 1, 1L << 30, false), listener);
        run.apply(false, RunListener.SILENT).run();
        assertThrows(IllegalStateException.class, () -> run.apply(false, killAfter(3)).run());
        run.apply(true, RunListener.SILENT).run();
        List<io.evomerge.report.Evaluation> first =
                Journal.read(dir.resolve("results/tiny-racing/searches/pcb-es/evaluations.jsonl")).evaluations();
        List<io.evomerge.report.Evaluation> second =
                Journal.read(dir.resolve("results/tiny-racing-2/searches/pcb-es/evaluations.jsonl")).evaluations();
        assertEquals(6, first.size());
        for (int i = 0; i < 6; i++) {
            Double fidelity = first.get(i).fidelity();
            assertTrue(List.of(0.25, 0.5, 1.0).contains(fidelity), "fidelity " + fidelity);
            assertEquals(fidelity, second.get(i).fidelity(), "evaluation " + i);
            assertEquals(first.get(i).fitness(), second.get(i).fitness(), "evaluation " + i);
        }
        assertEquals(1.0, first.getFirst().fidelity(), "nothing to beat yet: the first candidate is scored in full");
    }

    /**
     * pareto: knee writes the search's front over the two tasks' accuracies and scores the chosen point on test as a
     * row of its own: no evaluation of the journal dominates it, and every evaluation off the front is dominated.
     */
    @Test
    @Order(10)
    void aParetoSearchWritesItsFrontAndScoresTheKneeOnTest() throws Exception {
        Path pareto = dir.resolve("tiny-pareto.yaml");
        Files.writeString(pareto, Files.readString(experiment).replace("name: tiny", "name: tiny-pareto")
                .replace("strategy: cmaes, budget: 6}", "strategy: cmaes, budget: 6, pareto: knee}"));
        RunSummary summary = new ExperimentRun(ExperimentConfig.read(pareto), new ExperimentRun.Options(
                dir.resolve("results"), false, false, List.of("pcb-es"), false, 1, 1L << 30, false), RunListener.SILENT).run();
        Path search = dir.resolve("results/tiny-pareto/searches/pcb-es");
        var front = new com.fasterxml.jackson.databind.ObjectMapper().readTree(search.resolve("front.json").toFile());
        assertTrue(Files.size(search.resolve("front.png")) > 1000);
        List<io.evomerge.report.Evaluation> journal = Journal.read(search.resolve("evaluations.jsonl")).evaluations();
        java.util.function.Function<io.evomerge.report.Evaluation, double[]> acc = e -> new double[] {
                e.metrics().get("sentiment").get("accuracy"), e.metrics().get("topic").get("accuracy")};
        java.util.function.BiPredicate<double[], double[]> dominates = (a, b) -> a[0] >= b[0] && a[1] >= b[1]
                && (a[0] > b[0] || a[1] > b[1]);
        java.util.Set<Integer> onFront = new java.util.HashSet<>();
        int chosen = -1;
        for (var point : front.get("front")) {
            onFront.add(point.get("index").asInt());
            if (point.get("chosen").asBoolean()) chosen = point.get("index").asInt();
        }
        for (var e : journal) {
            boolean dominated = journal.stream().anyMatch(o -> dominates.test(acc.apply(o), acc.apply(e)));
            if (onFront.contains(e.index())) assertTrue(!dominated, "front point " + e.index() + " is dominated");
            else assertTrue(dominated || onFront.stream().anyMatch(f -> java.util.Arrays.equals(
                    acc.apply(journal.get(f)), acc.apply(e))), "evaluation " + e.index() + " belongs on the front");
        }
        assertTrue(onFront.contains(chosen));
        SummaryRow row = summary.rows().stream().filter(r -> r.label().equals("PCB+ES (Pareto knee)")).findFirst().orElseThrow();
        assertEquals(journal.get(chosen).metrics(), row.validation());
        assertEquals(List.of("sentiment", "topic"), List.copyOf(row.test().keySet()));
        assertTrue(row.uncertainty() != null, "the chosen point's test row has intervals like any row");
    }
}
