package io.evomerge.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResultsTablesTest {
    @Test
    void testTableInPapersOrderWithBoldBestAndTheSearchWinning(@TempDir Path dir) throws Exception {
        ResultsTables tables = new ResultsTables(RunSummary.read(RunFolders.summary(dir, RunFolders.SEARCH_WINS)));
        assertEquals(List.of(
                "| Method | sentiment (Acc.) | cola (MCC) | Avg. | Evaluations | Time |",
                "|---|---:|---:|---:|---:|---:|",
                "| Pre-trained + task heads | 60.0 | 0.0 | 30.0 | 1 | 3.2 s |",
                "| Fine-tuned (individual) | 91.2 | 55.4 | 73.3 | 2 | 6.0 s |",
                "| Task arithmetic | 85.0 | 40.0 | 62.5 | 1 | 3.1 s |",
                "| TIES | 86.1 | 41.3 | 63.7 | 1 | 3.5 s |",
                "| PCB | 87.0 | 43.0 | 65.0 | 1 | 3.3 s |",
                "| PCB grid | 87.4 | 44.0 | 65.7 | 27 | 75.0 s |",
                "| PCB+ES | 88.0 | 47.0 | **67.5** | 100 | 4.0 min |"), tables.test());
        assertEquals("ES vs best non-search: the best search, PCB+ES (67.5), beats the best baseline/grid row, "
                + "PCB grid (65.7), by 1.8 points on the test average.", tables.searchVersusRest().orElseThrow());
    }

    @Test
    void whenTheSearchLosesTheReportSaysSoAndBoldGoesElsewhere(@TempDir Path dir) throws Exception {
        ResultsTables tables = new ResultsTables(RunSummary.read(RunFolders.summary(dir, RunFolders.SEARCH_LOSES)));
        List<String> test = tables.test();
        assertEquals("| PCB grid | 87.4 | 44.0 | **65.7** | 27 | 75.0 s |", test.get(7));
        assertEquals("| PCB+ES | 86.0 | 44.0 | 65.0 | 100 | 4.0 min |", test.get(8));
        assertEquals("ES vs best non-search: the best search, PCB+ES (65.0), does not beat the best baseline/grid row, "
                + "PCB grid (65.7); it is 0.7 points lower on the test average.", tables.searchVersusRest().orElseThrow());
    }

    @Test
    void validationAndParameterTables(@TempDir Path dir) throws Exception {
        ResultsTables tables = new ResultsTables(RunSummary.read(RunFolders.summary(dir, RunFolders.SEARCH_WINS)));
        List<String> validation = tables.validation();
        assertEquals("| Method | sentiment (Acc.) | cola (MCC) | Avg. | Fitness |", validation.get(0));
        assertEquals("| Fine-tuned (individual) | 92.0 | 56.0 | 74.0 | – |", validation.get(3));
        assertEquals("| PCB+ES | 90.0 | 50.0 | 70.0 | 0.7000 |", validation.get(8));
        assertEquals(List.of(
                "| Row | Search | Parameters |",
                "|---|---|---|",
                "| PCB grid | – | lambda 1.0, ratio 0.2 |",
                "| PCB+ES | `pcb-cmaes` | weights [1.1, 0.9], lambda 1.0, ratio 0.1 |"), tables.parameters());
    }

    /** Rows with intervals: each value carries its interval; merges their paired difference against PCB grid. */
    @Test
    void intervalsInEveryCellAndThePairedVerdict(@TempDir Path dir) throws Exception {
        RunSummary plain = RunSummary.read(RunFolders.summary(dir, RunFolders.SEARCH_WINS));
        RunSummary summary = withIntervals(plain, new Interval(0.018, -0.004, 0.040));
        List<String> test = new ResultsTables(summary).test();
        assertEquals("| Method | sentiment (Acc.) | cola (MCC) | Avg. | Δ Avg. vs best non-search | Evaluations | Time |",
                test.get(0));
        assertEquals("|---|---:|---:|---:|---:|---:|---:|", test.get(1));
        assertEquals("| Fine-tuned (individual) | 91.2 [88.0, 94.0] | 55.4 [50.0, 60.0] | 73.3 [70.0, 76.0] | – | 2 | 6.0 s |",
                test.get(3));
        assertEquals("| PCB grid | 87.4 [88.0, 94.0] | 44.0 [50.0, 60.0] | 65.7 [70.0, 76.0] | – | 27 | 75.0 s |", test.get(7));
        assertEquals("| PCB+ES | 88.0 [88.0, 94.0] | 47.0 [50.0, 60.0] | **67.5** [70.0, 76.0] | +1.8 [-0.4, 4.0] | 100 | 4.0 min |",
                test.get(8));
        assertEquals("ES vs best non-search: the best search, PCB+ES (67.5), against the best baseline/grid row, PCB grid"
                + " (65.7): +1.8 points on the test average, 95 % interval [-0.4, 4.0] (paired bootstrap over the test"
                + " examples): no detectable difference.", new ResultsTables(summary).searchVersusRest().orElseThrow());
        assertEquals("ES vs best non-search: the best search, PCB+ES (67.5), against the best baseline/grid row, PCB grid"
                + " (65.7): +1.8 points on the test average, 95 % interval [0.5, 4.0] (paired bootstrap over the test"
                + " examples): the search is better.", new ResultsTables(withIntervals(plain,
                new Interval(0.018, 0.005, 0.040))).searchVersusRest().orElseThrow());
        assertEquals("ES vs best non-search: the best search, PCB+ES (67.5), against the best baseline/grid row, PCB grid"
                + " (65.7): -1.0 points on the test average, 95 % interval [-2.0, -0.1] (paired bootstrap over the test"
                + " examples): the search is worse.", new ResultsTables(withIntervals(plain,
                new Interval(-0.010, -0.020, -0.001))).searchVersusRest().orElseThrow());
        // the intervals survive summary.json
        Path file = dir.resolve("with-intervals.json");
        summary.write(file);
        assertEquals(summary, RunSummary.read(file));
    }

    /**
     * Gaps by hand (validation avg. − test avg., points as printed): pre-trained 30.5 − 30.0, task arithmetic
     * 62.5 − 62.5, TIES 63.5 − 63.7, PCB 64.5 − 65.0; their mean is −0.05. PCB grid 66.5 − 65.7 = +0.8, 0.85 beyond;
     * PCB+ES 70.0 − 67.5 = +2.5, 2.55 beyond.
     */
    @Test
    void overfittingComparesEachSelectedRowsGapWithTheBaselines(@TempDir Path dir) throws Exception {
        ResultsTables tables = new ResultsTables(RunSummary.read(RunFolders.summary(dir, RunFolders.SEARCH_WINS)));
        assertEquals(List.of(
                "| Row | Validation avg. | Test avg. | Gap | Gap beyond the baselines' |",
                "|---|---:|---:|---:|---:|",
                "| Pre-trained + task heads | 30.5 | 30.0 | +0.5 | – |",
                "| Task arithmetic | 62.5 | 62.5 | +0.0 | – |",
                "| TIES | 63.5 | 63.7 | -0.2 | – |",
                "| PCB | 64.5 | 65.0 | -0.5 | – |",
                "| PCB grid | 66.5 | 65.7 | +0.8 | +0.9 |",
                "| PCB+ES | 70.0 | 67.5 | +2.5 | +2.6 |",
                "",
                "The baselines' mean gap is -0.1 points: what validation and test differ by for rows not chosen on"
                        + " validation."), tables.overfitting());
    }

    /** Every row gets the same hand-made intervals; merge rows but PCB grid (the reference) get {@code difference}. */
    static RunSummary withIntervals(RunSummary s, Interval difference) {
        List<SummaryRow> rows = s.rows().stream().map(r -> {
            boolean compared = r.method() != null && !r.label().equals("PCB grid");
            return r.withUncertainty(new TestUncertainty(java.util.Map.of("sentiment", new Interval(0.9, 0.88, 0.94),
                    "cola", new Interval(0.55, 0.5, 0.6)), new Interval(0.73, 0.7, 0.76), compared ? "PCB grid" : null,
                    compared ? difference : null, 2000));
        }).toList();
        return new RunSummary(s.run(), s.experiment(), s.machine(), s.started(), s.wallSeconds(), s.tasks(), rows);
    }
}
