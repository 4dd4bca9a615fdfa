package io.evomerge.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/** The report's tables in GitHub Markdown: test results (the one a paper cites), validation, parameters found. */
final class ResultsTables {
    private static final Map<String, String> METRIC_NAMES = Map.of("accuracy", "Acc.", "f1", "F1", "mcc", "MCC",
            "pearson", "Pearson", "spearman", "Spearman");

    private final List<SummaryTask> tasks;
    private final List<SummaryRow> rows;

    ResultsTables(RunSummary summary) {
        this.tasks = summary.tasks();
        this.rows = RowOrder.sort(summary.rows());
    }

    /**
     * Test metrics ×100, their average, evaluations and time; the best average among merges in bold. With intervals
     * (a summary that has them) each value is followed by its 95 % interval, and a column gives each merge's paired
     * difference of the average against the best baseline or grid row.
     */
    List<String> test() {
        boolean intervals = rows.stream().anyMatch(r -> r.uncertainty() != null);
        List<String> lines = new ArrayList<>();
        lines.add(intervals ? header("Δ Avg. vs best non-search", "Evaluations", "Time") : header("Evaluations", "Time"));
        lines.add(rule(intervals ? 3 : 2));
        Double best = rows.stream().filter(ResultsTables::isMerge).map(this::testAverage).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        for (SummaryRow row : rows) {
            Double average = testAverage(row);
            String avg = Numbers.oneDecimal(average);
            if (average != null && average.equals(best) && isMerge(row)) avg = "**" + avg + "**";
            TestUncertainty u = row.uncertainty();
            if (!intervals) {
                lines.add(line(row, SummaryRow::testMetric, avg, Integer.toString(row.evaluations()),
                        Numbers.duration(row.seconds())));
                continue;
            }
            StringBuilder b = new StringBuilder("| ").append(cell(label(row))).append(" |");
            for (SummaryTask task : tasks) {
                b.append(' ').append(Numbers.oneDecimal(Numbers.points(row.testMetric(task))))
                        .append(u == null ? "" : " " + Numbers.interval(u.tasks().get(task.name()))).append(" |");
            }
            b.append(' ').append(avg).append(u == null ? "" : " " + Numbers.interval(u.average())).append(" |");
            b.append(' ').append(u == null || u.difference() == null ? Numbers.NONE
                    : Numbers.signed(u.difference().value()) + " " + Numbers.interval(u.difference())).append(" |");
            b.append(' ').append(row.evaluations()).append(" | ").append(Numbers.duration(row.seconds())).append(" |");
            lines.add(b.toString());
        }
        return lines;
    }

    /** Validation metrics ×100, their average and the row's validation fitness. */
    List<String> validation() {
        List<String> lines = new ArrayList<>();
        lines.add(header("Fitness"));
        lines.add(rule(1));
        for (SummaryRow row : rows) {
            Double average = Numbers.averagePoints(tasks.stream().map(row::validationMetric).toList());
            lines.add(line(row, SummaryRow::validationMetric, Numbers.oneDecimal(average), Numbers.fitness(row.validationFitness())));
        }
        return lines;
    }

    /**
     * Overfitting: each row's validation average minus its test average, in points. Baselines were not chosen on
     * validation, so their mean gap is what the two splits differ by anyway; a grid's or search's gap beyond it is how
     * much picking the best on validation overstated that row (it fitted validation noise). Empty without baselines.
     */
    List<String> overfitting() {
        List<Double> baselineGaps = rows.stream().filter(r -> r.kind() == RowKind.BASELINE).map(this::gap)
                .filter(Objects::nonNull).toList();
        if (baselineGaps.isEmpty()) return List.of();
        double reference = baselineGaps.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        List<String> lines = new ArrayList<>(List.of("| Row | Validation avg. | Test avg. | Gap | Gap beyond the baselines' |",
                "|---|---:|---:|---:|---:|"));
        for (SummaryRow row : rows) {
            Double gap = gap(row);
            if (gap == null || row.kind() == RowKind.INDIVIDUAL) continue;
            boolean selected = row.kind() == RowKind.GRID || row.kind() == RowKind.SEARCH;
            lines.add("| " + cell(label(row)) + " | " + Numbers.oneDecimal(validationAverage(row)) + " | "
                    + Numbers.oneDecimal(testAverage(row)) + " | " + Numbers.signed(gap / 100) + " | "
                    + (selected ? Numbers.signed((gap - reference) / 100) : Numbers.NONE) + " |");
        }
        lines.add("");
        lines.add("The baselines' mean gap is " + Numbers.signed(reference / 100) + " points: what validation and test "
                + "differ by for rows not chosen on validation.");
        return lines;
    }

    /** Validation average minus test average in points (as printed), or null when either is missing. */
    private Double gap(SummaryRow row) {
        Double v = validationAverage(row), t = testAverage(row);
        return v == null || t == null ? null : Math.round((v - t) * 10) / 10.0;
    }

    private Double validationAverage(SummaryRow row) {
        return Numbers.averagePoints(tasks.stream().map(row::validationMetric).toList());
    }

    /** The parameters of grid and search rows: what a reader needs to rebuild the merge. */
    List<String> parameters() {
        List<String> lines = new ArrayList<>(List.of("| Row | Search | Parameters |", "|---|---|---|"));
        for (SummaryRow pooled : rows) {
            if (pooled.kind() != RowKind.GRID && pooled.kind() != RowKind.SEARCH) continue;
            for (SummaryRow row : pooled.repeats().isEmpty() ? List.of(pooled) : pooled.repeats()) {
                List<String> params = new ArrayList<>();
                row.params().forEach((key, value) -> params.add(key + " " + value(value)));
                lines.add("| " + cell(label(row)) + " | " + (row.search() == null ? Numbers.NONE : "`" + row.search() + "`")
                        + " | " + (params.isEmpty() ? Numbers.NONE : cell(String.join(", ", params))) + " |");
            }
        }
        return lines.size() == 2 ? List.of() : lines;
    }

    /**
     * One sentence comparing the best search row with the best baseline or grid row on the test average, in
     * points as printed in the table; empty when either side is absent.
     */
    Optional<String> searchVersusRest() {
        Optional<SummaryRow> search = bestWhere(row -> row.kind() == RowKind.SEARCH);
        if (search.isPresent() && search.get().uncertainty() != null && search.get().uncertainty().difference() != null) {
            return Optional.of(pairedSentence(search.get()));
        }
        Optional<SummaryRow> rest = bestWhere(row -> row.kind() == RowKind.BASELINE || row.kind() == RowKind.GRID);
        if (search.isEmpty() || rest.isEmpty()) return Optional.empty();
        double s = testAverage(search.get()), r = testAverage(rest.get());
        String diff = Numbers.oneDecimal(Math.abs(Math.round((s - r) * 10) / 10.0));
        String named = "%s (%s)".formatted(search.get().label(), Numbers.oneDecimal(s));
        String other = "%s (%s)".formatted(rest.get().label(), Numbers.oneDecimal(r));
        if (s > r) {
            return Optional.of("ES vs best non-search: the best search, " + named + ", beats the best baseline/grid row, "
                    + other + ", by " + diff + " points on the test average.");
        }
        return Optional.of("ES vs best non-search: the best search, " + named + ", does not beat the best baseline/grid row, "
                + other + (s == r ? ": they tie on the test average." : "; it is " + diff + " points lower on the test average."));
    }

    /** The sentence from the paired bootstrap: the difference, its interval, and whether it is detectable. */
    private String pairedSentence(SummaryRow search) {
        TestUncertainty u = search.uncertainty();
        Interval d = u.difference();
        SummaryRow reference = rows.stream().filter(r -> r.label().equals(u.reference())).findFirst().orElseThrow();
        String verdict = d.holdsZero() ? "no detectable difference"
                : d.low() > 0 ? "the search is better" : "the search is worse";
        return "ES vs best non-search: the best search, %s (%s), against the best baseline/grid row, %s (%s): %s points on the test average, 95 %% interval %s (paired bootstrap over the test examples): %s."
                .formatted(search.label(), Numbers.oneDecimal(testAverage(search)), reference.label(),
                        Numbers.oneDecimal(testAverage(reference)), Numbers.signed(d.value()), Numbers.interval(d), verdict);
    }

    private Optional<SummaryRow> bestWhere(Predicate<SummaryRow> which) {
        return rows.stream().filter(which).filter(row -> testAverage(row) != null)
                .max(Comparator.comparingDouble(this::testAverage));
    }

    private Double testAverage(SummaryRow row) {
        return Numbers.averagePoints(tasks.stream().map(row::testMetric).toList());
    }

    /** The individual fine-tuned models are the reference a merge tries to reach, not a competitor for bold. */
    private static boolean isMerge(SummaryRow row) {
        return row.kind() != RowKind.INDIVIDUAL;
    }

    private String header(String... extra) {
        StringBuilder b = new StringBuilder("| Method |");
        for (SummaryTask task : tasks) b.append(' ').append(task.name()).append(" (").append(METRIC_NAMES.get(task.metric())).append(") |");
        b.append(" Avg. |");
        for (String e : extra) b.append(' ').append(e).append(" |");
        return b.toString();
    }

    private String rule(int extra) {
        return "|---|" + "---:|".repeat(tasks.size() + 1 + extra);
    }

    private String line(SummaryRow row, BiFunction<SummaryRow, SummaryTask, Double> metric, String... rest) {
        StringBuilder b = new StringBuilder("| ").append(cell(label(row))).append(" |");
        for (SummaryTask task : tasks) b.append(' ').append(Numbers.oneDecimal(Numbers.points(metric.apply(row, task)))).append(" |");
        for (String r : rest) b.append(' ').append(r).append(" |");
        return b.toString();
    }

    /** The row's label; a repeated search's says its values are the repeats' mean. */
    private static String label(SummaryRow row) {
        return row.repeats().isEmpty() ? row.label() : row.label() + " (mean of " + row.repeats().size() + " repeats)";
    }

    private static String value(Object value) {
        if (value instanceof List<?> list) return list.stream().map(ResultsTables::value).toList().toString();
        return String.valueOf(value);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
