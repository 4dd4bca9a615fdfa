package io.evomerge.experiment;

import io.evomerge.cli.Main;
import io.evomerge.report.Evaluation;
import io.evomerge.report.Journal;
import io.evomerge.report.Report;
import io.evomerge.report.RowKind;
import io.evomerge.report.RunSummary;
import io.evomerge.report.SummaryRow;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 at each phase of a real run, each followed by {@code evolve --resume} in a new process: start-up (the
 * manifest just written), the baselines (the PCB baseline announced), mid-search (the CMA-ES search past its first
 * generation), test scoring (the last search's best announced for test) and report writing ({@code report.md}
 * written, {@code summary.json} not yet). The sixth process finishes the run, whose figures must equal those of an
 * uninterrupted run of the same experiment ({@link RunFigures}), with no lock or temp file left. Each point is hit
 * by watching the run folder or the run's messages and killing the moment the mark appears; each check after a kill
 * says which state the kill must have left. Seven JVMs load DJL and MiniLM: 6 to 9 minutes on 2 cores shared with
 * other builds.
 */
@Tag("slow")
class KillResumeTest {
    private static final Duration LONG = Duration.ofMinutes(5);

    @TempDir
    Path dir;
    private Path experiment, root, log;

    private EvolveProcess evolve(boolean resume) {
        return EvolveProcess.start(experiment, root, resume, log);
    }

    @Test
    void aRunKilledAtEveryPhaseResumesToTheFiguresOfAnUninterruptedRun() throws Exception {
        experiment = KillExperiment.write(dir, Path.of("datasets"));
        log = dir.resolve("evolve.log");
        Path reference = dir.resolve("reference");
        try (EvolveProcess p = EvolveProcess.start(experiment, reference, false, log)) { // also fine-tunes the population
            assertEquals(0, p.awaitExit(LONG), () -> "the uninterrupted run: " + p.lines() + "\n" + tail(log));
        }
        root = dir.resolve("killed");
        Path run = root.resolve("kill");
        Path manifest = run.resolve(RunManifest.FILE);
        Path first = KillExperiment.journal(run, KillExperiment.FIRST_SEARCH);
        Path last = KillExperiment.journal(run, KillExperiment.LAST_SEARCH);
        Path summary = run.resolve(RunSummary.FILE);
        List<Long> pids = new ArrayList<>();

        try (EvolveProcess p = evolve(false)) { // start-up
            pids.add(p.pid());
            assertTrue(p.await(() -> Files.isRegularFile(manifest), LONG), "the manifest is written first");
            p.kill();
        }
        assertFalse(Files.exists(run.resolve("searches")), "killed before any search");

        try (EvolveProcess p = evolve(true)) { // baselines
            pids.add(p.pid());
            assertTrue(p.awaitLine("baseline: PCB"::equals, LONG), () -> p.lines() + "\n" + tail(log));
            p.kill();
        }
        assertEquals(0, KillExperiment.lines(first), "killed before the search started");

        try (EvolveProcess p = evolve(true)) { // mid-search, after a second process was refused
            pids.add(p.pid());
            assertTrue(p.awaitLine("baseline: PCB"::equals, LONG), () -> p.lines() + "\n" + tail(log));
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Main.run(new String[]{"evolve", experiment.toString(), "--results", root.toString(), "--resume"},
                    new PrintWriter(out), new PrintWriter(err));
            assertEquals(2, code, err.toString());
            assertEquals("evomerge: " + run + " is in use by process " + p.pid() + " (it holds run.lock): wait for that"
                    + " run to end, or stop it and pass --resume", err.toString().strip());
            // generation 1 is 7 evaluations: the kill lands in generation 2
            assertTrue(p.await(() -> KillExperiment.lines(first) >= 8, LONG), () -> p.lines() + "\n" + tail(log));
            p.kill();
        }
        int killedAt = KillExperiment.lines(first);
        assertTrue(killedAt >= 8 && killedAt < KillExperiment.BUDGETS.get(KillExperiment.FIRST_SEARCH), "mid-search: " + killedAt);

        try (EvolveProcess p = evolve(true)) { // test scoring of the last search's best
            pids.add(p.pid());
            assertTrue(p.awaitLine(l -> l.startsWith(KillExperiment.LAST_SEARCH + ": best validation fitness"), LONG),
                    () -> p.lines() + "\n" + tail(log));
            p.kill();
        }
        assertEquals(3, KillExperiment.lines(last), "both searches were done");
        assertFalse(Files.exists(run.resolve(Report.MARKDOWN)), "killed before the report");

        try (EvolveProcess p = evolve(true)) { // report writing
            pids.add(p.pid());
            assertTrue(p.await(() -> Files.isRegularFile(run.resolve(Report.MARKDOWN)), LONG), () -> p.lines() + "\n" + tail(log));
            p.kill();
        }
        assertFalse(Files.exists(summary), "report.md is written before summary.json, which marks the run finished");

        // what a kill inside an atomic write leaves (the temp file, the target untouched), planted where it is certain
        Files.writeString(run.resolve(".summary.json.4711.tmp"), "{\"run\" : \"ki");
        Files.writeString(run.resolve("searches/pcb-es/.best.yaml.4712.tmp"), "# best of");
        try (EvolveProcess p = evolve(true)) {
            pids.add(p.pid());
            assertEquals(0, p.awaitExit(LONG), () -> p.lines() + "\n" + tail(log));
            assertTrue(p.lines().contains("removed 2 temp file(s) left by an interrupted process: [.summary.json.4711.tmp,"
                    + " searches/pcb-es/.best.yaml.4712.tmp]"), p.lines().toString());
        }

        Path referenceRun = reference.resolve("kill");
        assertEquals(List.of(), RunFigures.of(run).differences(RunFigures.of(referenceRun)));
        assertEquals(List.of(), RunFigures.leftovers(run), "no lock or temp file left");
        assertEquals(List.of(), RunFigures.leftovers(referenceRun));
        for (var budget : KillExperiment.BUDGETS.entrySet()) {
            assertEquals(budget.getValue(), Journal.read(KillExperiment.journal(run, budget.getKey())).evaluations().size());
        }
        List<Integer> generations = Journal.read(first).evaluations().stream().map(Evaluation::generation).toList();
        List<Integer> expected = new ArrayList<>(Collections.nCopies(7, 1)); // the start and 6 offspring
        expected.addAll(Collections.nCopies(6, 2));
        expected.add(3);
        assertEquals(expected, generations, "generations numbered across the resumes");

        // bookkeeping across the six processes: each start recorded, the run's time from the first one
        RunManifest m = RunManifest.read(run);
        assertEquals(pids, m.starts().stream().map(RunManifest.Start::pid).toList());
        assertEquals(List.of(false, true, true, true, true, true), m.starts().stream().map(RunManifest.Start::resume).toList());
        RunSummary s = RunSummary.read(summary);
        assertEquals(m.started(), s.started());
        double span = Duration.between(Instant.parse(m.started()), Instant.parse(m.starts().getLast().at())).toNanos() / 1e9;
        assertTrue(s.wallSeconds() > span, s.wallSeconds() + " s of wall time, but the processes spanned " + span + " s");
        // the searches were replayed whole by the last processes: their times are the journal's, not 0
        for (SummaryRow row : s.rows()) {
            if (row.kind() != RowKind.SEARCH) continue;
            List<Evaluation> journal = Journal.read(KillExperiment.journal(run, row.search())).evaluations();
            double merging = journal.stream().mapToDouble(Evaluation::mergeSeconds).sum();
            double evaluating = journal.stream().mapToDouble(Evaluation::evalSeconds).sum();
            assertTrue(merging > 0, row.search());
            assertEquals(merging, ((Number) row.params().get("seconds_merging")).doubleValue(), 1e-9, row.search());
            assertEquals(evaluating, ((Number) row.params().get("seconds_evaluating")).doubleValue(), 1e-9, row.search());
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
