package io.evomerge.report;

import io.evomerge.EvomergeException;
import io.evomerge.cli.Main;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    @Test
    void writesMarkdownAndBothCharts(@TempDir Path dir) throws Exception {
        Path run = RunFolders.run(dir.resolve("quickstart"));
        Report.Written written = Report.write(run);
        assertEquals(List.of(run.resolve("report.md"), run.resolve("convergence.png"), run.resolve("tasks.png")),
                written.files());
        assertEquals(List.of(), written.warnings());
        for (String png : List.of("convergence.png", "tasks.png")) {
            BufferedImage image = ImageIO.read(run.resolve(png).toFile());
            assertEquals(Charts.WIDTH, image.getWidth(), png);
            assertEquals(Charts.HEIGHT, image.getHeight(), png);
        }
        List<String> md = Files.readAllLines(run.resolve("report.md"));
        assertEquals("# Results: quickstart", md.getFirst());
        assertTrue(md.contains("- Wall time: 13.5 min"), String.join("\n", md));
        assertTrue(md.contains("| Search | Strategy | Method | Evaluations | Failures | Best @25 | Best @50 | Best @100 "
                + "| Best (all) | Median s/eval |"), String.join("\n", md));
        assertEquals("|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
                md.get(md.indexOf("| Search | Strategy | Method | Evaluations | Failures | Best @25 | Best @50 | Best @100 "
                        + "| Best (all) | Median s/eval |") + 1));
        assertTrue(md.contains("| `cabs-cmaes` | cmaes | cabs | 60 | 0 | 0.3500 | 0.5500 | – | 0.5500 | 3.00 |"),
                String.join("\n", md));
        assertTrue(md.contains("| `pcb-cmaes` | cmaes | pcb | 120 | 1 | 0.4000 | 0.5000 | 0.7000 | 0.9000 | 3.00 |"),
                String.join("\n", md));
        assertTrue(md.contains("![Best validation fitness so far](convergence.png)"));
        assertFalse(Files.list(run).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
    }

    @Test
    void convergenceAxisLabelsStayAtMostTen() {
        assertEquals(1, Charts.labelStep(4));
        assertEquals(2, Charts.labelStep(12));
        assertEquals(5, Charts.labelStep(45));
        assertEquals(20, Charts.labelStep(120));
        assertEquals(25, Charts.labelStep(250));
        assertEquals(100, Charts.labelStep(1000));
        assertEquals(200, Charts.labelStep(1100));
    }

    @Test
    void aTornJournalLineIsReportedAsAWarning(@TempDir Path dir) throws Exception {
        Path run = RunFolders.run(dir.resolve("run"));
        Path journal = run.resolve("searches/pcb-cmaes/evaluations.jsonl");
        Files.writeString(journal, "{\"index\": 120, \"gen", StandardOpenOption.APPEND);
        Report.Written written = Report.write(run);
        assertEquals(List.of(journal + ":121: skipped the unreadable last line (truncated by a crash?)"), written.warnings());
        assertTrue(Files.readString(run.resolve("report.md")).contains("## Warnings\n\n- " + journal + ":121: "));
    }

    @Test
    void noConvergenceChartWhileNoEvaluationSucceeded(@TempDir Path dir) throws Exception {
        Path run = RunFolders.run(dir.resolve("run"));
        Report.write(run);
        Files.delete(run.resolve("searches/cabs-cmaes/evaluations.jsonl"));
        Files.delete(run.resolve("searches/pcb-cmaes/evaluations.jsonl"));
        RunFolders.journal(run.resolve("searches/pcb-cmaes/evaluations.jsonl"), "cmaes", "pcb", new double[]{0.2}, 1);
        Report.Written written = Report.write(run);
        assertEquals(List.of(run.resolve("report.md"), run.resolve("tasks.png")), written.files());
        assertFalse(Files.exists(run.resolve("convergence.png")), "the earlier chart is gone");
        String md = Files.readString(run.resolve("report.md"));
        assertTrue(md.contains("| `pcb-cmaes` | cmaes | pcb | 1 | 1 | – | – | – | – | 2.00 |"), md);
        assertTrue(md.contains("No convergence chart: no search has a successful evaluation yet."), md);
    }

    @Test
    void aSearchRowWithoutItsJournalIsAnError(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        RunFolders.summary(run, RunFolders.SEARCH_WINS);
        EvomergeException e = assertThrows(EvomergeException.class, () -> Report.write(run));
        assertEquals(run.resolve("summary.json") + ": rows[0].search: no journal "
                + run.resolve("searches/pcb-cmaes/evaluations.jsonl"), e.getMessage());
    }

    @Test
    @Tag("slow")
    void cliWritesTheReportAndPrintsTheFiles(@TempDir Path dir) throws Exception {
        Path run = RunFolders.run(dir.resolve("run"));
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new String[]{"report", run.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        assertEquals(run.resolve("report.md") + "\n" + run.resolve("convergence.png") + "\n" + run.resolve("tasks.png"),
                out.toString().strip());
        assertEquals("", err.toString());
    }

    @Test
    void cliOnAFolderWithoutSummaryIsOneLineAndExitTwo(@TempDir Path dir) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new String[]{"report", dir.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(2, code);
        assertEquals("evomerge: " + dir.resolve("summary.json") + ": no such file (is this a run folder?)",
                err.toString().strip());
        assertFalse(Files.exists(dir.resolve("report.md")));
    }
}
