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
 * the reference, the baseline or grid row with the best test average. A search run several times gets the mean over its
 * repeats with a two-level bootstrap (repeats drawn with replacement too), so its intervals hold the seeds' spread.
 */
final class RowUncertainty {
    private RowUncertainty() {
    }

    /** Where repeat {@code k} (0-based) of a repeated search keeps its predictions. */
    static String repeatKey(String label, int k) {
        return label + " (repeat " + (k + 1) + ")";
    }

    /**
     * {@code rows} with their uncertainty, from {@code predictions} (row label, or {@link #repeatKey} for a repeat, →
     * task → test predictions; a row without them is left as it is).
     */
    static List<SummaryRow> add(List<SummaryRow> rows, Map<String, Map<String, Predictions>> predictions,
                                List<TaskConfig> tasks, long seed) {
        Bootstrap bootstrap = new Bootstrap(Bootstrap.RESAMPLES, seed);
        List<Metric> headlines = tasks.stream().map(t -> t.spec().metrics().getFirst()).toList();
        Map<String, Bootstrap.Replicates> replicates = new LinkedHashMap<>();
        for (String key : predictions.keySet()) {
            Map<String, Predictions> p = predictions.get(key);
            if (!p.keySet().containsAll(tasks.stream().map(TaskConfig::name).toList())) continue;
            replicates.put(key, bootstrap.resample(tasks.stream().map(t -> p.get(t.name())).toList(), headlines));
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
            if (!row.repeats().isEmpty()) {
                out.add(repeated(row, replicates, reference, bootstrap, tasks));
                continue;
            }
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

    /** A repeated search's row: every interval from the two-level bootstrap over its repeats. */
    private static SummaryRow repeated(SummaryRow row, Map<String, Bootstrap.Replicates> replicates, String reference,
                                       Bootstrap bootstrap, List<TaskConfig> tasks) {
        List<Bootstrap.Replicates> each = new ArrayList<>();
        for (int k = 0; k < row.repeats().size(); k++) {
            Bootstrap.Replicates r = replicates.get(repeatKey(row.label(), k));
            if (r == null) return row; // a repeat without predictions (it failed): no intervals
            each.add(r);
        }
        Map<String, Interval> perTask = new LinkedHashMap<>();
        for (int t = 0; t < tasks.size(); t++) {
            perTask.put(tasks.get(t).name(), interval(bootstrap.repeated(each, t, null)));
        }
        return row.withUncertainty(new TestUncertainty(perTask, interval(bootstrap.repeated(each, -1, null)), reference,
                reference == null ? null : interval(bootstrap.repeated(each, -1, replicates.get(reference))),
                Bootstrap.RESAMPLES));
    }

    private static Interval interval(Bootstrap.Estimate e) {
        return new Interval(e.value(), e.low(), e.high());
    }
}
