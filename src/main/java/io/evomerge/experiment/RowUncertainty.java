package io.evomerge.experiment;

import io.evomerge.data.Metric;
import io.evomerge.eval.Bootstrap;
import io.evomerge.eval.Predictions;
import io.evomerge.population.TaskConfig;
import io.evomerge.report.Interval;
import io.evomerge.report.RowKind;
import io.evomerge.report.SummaryRow;
import io.evomerge.report.TestUncertainty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test table's uncertainty: every row with test predictions gets a bootstrap over the test examples (one seeded
 * bootstrap for all rows, so each resample draws the same examples for every row), giving each task's headline
 * metric and the average their 95 % intervals; each merge row also gets the paired difference of its average against
 * the reference, the baseline or grid row with the best test average.
 */
final class RowUncertainty {
    private RowUncertainty() {
    }

    /**
     * {@code rows} with their uncertainty, from {@code predictions} (row label → task → test predictions; a row
     * without them is left as it is).
     */
    static List<SummaryRow> add(List<SummaryRow> rows, Map<String, Map<String, Predictions>> predictions,
                                List<TaskConfig> tasks, long seed) {
        Bootstrap bootstrap = new Bootstrap(Bootstrap.RESAMPLES, seed);
        List<Metric> headlines = tasks.stream().map(t -> t.spec().metrics().getFirst()).toList();
        Map<String, Bootstrap.Replicates> replicates = new LinkedHashMap<>();
        for (SummaryRow row : rows) {
            Map<String, Predictions> p = predictions.get(row.label());
            if (p == null || !p.keySet().containsAll(tasks.stream().map(TaskConfig::name).toList())) continue;
            replicates.put(row.label(), bootstrap.resample(tasks.stream().map(t -> p.get(t.name())).toList(), headlines));
        }
        String reference = null;
        double best = Double.NEGATIVE_INFINITY;
        for (SummaryRow row : rows) {
            Bootstrap.Replicates r = replicates.get(row.label());
            boolean candidate = row.kind() == RowKind.GRID || row.kind() == RowKind.BASELINE && row.method() != null;
            if (r != null && candidate && r.mean().value() > best) {
                best = r.mean().value();
                reference = row.label();
            }
        }
        List<SummaryRow> out = new ArrayList<>();
        for (SummaryRow row : rows) {
            Bootstrap.Replicates r = replicates.get(row.label());
            if (r == null) {
                out.add(row);
                continue;
            }
            Map<String, Interval> perTask = new LinkedHashMap<>();
            for (int t = 0; t < tasks.size(); t++) perTask.put(tasks.get(t).name(), interval(r.task(t)));
            boolean compared = reference != null && !reference.equals(row.label()) && row.method() != null;
            out.add(row.withUncertainty(new TestUncertainty(perTask, interval(r.mean()), compared ? reference : null,
                    compared ? interval(r.minus(replicates.get(reference))) : null, Bootstrap.RESAMPLES)));
        }
        return out;
    }

    private static Interval interval(Bootstrap.Estimate e) {
        return new Interval(e.value(), e.low(), e.high());
    }
}
