package io.evomerge.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Assembles {@code report.md}: run facts, the tables, the searches, the charts, warnings. */
final class ReportMarkdown {

    private ReportMarkdown() {
    }

    static String render(RunSummary summary, List<Journal> journals, boolean convergence, List<String> warnings) {
        ResultsTables tables = new ResultsTables(summary);
        List<String> md = new ArrayList<>();
        md.add("# Results: " + summary.run());
        md.add("");
        md.add("- Experiment: `" + summary.experiment() + "`");
        md.add("- Machine: " + summary.machine());
        md.add("- Started: " + summary.started());
        md.add("- Wall time: " + Numbers.duration(summary.wallSeconds()));
        md.add("");
        md.add("## Test");
        md.add("");
        md.add("Headline metric of each task on its test split, ×100. **Bold**: the best average among the merges "
                + "(the individual fine-tuned models are the reference, not a merge). Evaluations and time: what the "
                + "row cost in this run" + (summary.rows().stream().anyMatch(r -> r.evaluations() == 0)
                ? " (0 evaluations: a population row whose scores an earlier run stored with the population)." : ".")
                + summary.rows().stream().filter(r -> r.uncertainty() != null).findFirst().map(r -> " In brackets: the"
                + " 95 % interval of a percentile bootstrap over the test examples (" + r.uncertainty().resamples()
                + " resamples, each task's "
                + "examples drawn with replacement, the metric recomputed on each draw). Δ Avg.: the paired bootstrap of "
                + "the row's average minus that of the best baseline or grid row, on the same draws.").orElse(""));
        md.add("");
        md.addAll(tables.test());
        tables.searchVersusRest().ifPresent(sentence -> {
            md.add("");
            md.add(sentence);
        });
        md.add("");
        md.add("## Validation");
        md.add("");
        md.add("The same metrics on the validation splits (what the searches saw), and the fitness they maximised.");
        md.add("");
        md.addAll(tables.validation());
        List<String> overfitting = tables.overfitting();
        if (!overfitting.isEmpty()) {
            md.add("");
            md.add("## Overfitting");
            md.add("");
            md.add("Validation average minus test average (points) per row. A grid or search reports the best of many "
                    + "candidates on validation, so its validation score is optimistic; its gap beyond the baselines' "
                    + "(rows not chosen on validation) is how much of its validation gain was noise it fitted.");
            md.add("");
            md.addAll(overfitting);
        }
        List<String> parameters = tables.parameters();
        if (!parameters.isEmpty()) {
            md.add("");
            md.add("## Parameters found");
            md.add("");
            md.addAll(parameters);
        }
        if (!journals.isEmpty()) {
            md.add("");
            md.addAll(searches(journals, convergence));
        }
        md.add("");
        md.add("![Test results per task](" + Report.TASKS + ")");
        if (!warnings.isEmpty()) {
            md.add("");
            md.add("## Warnings");
            md.add("");
            warnings.forEach(w -> md.add("- " + w));
        }
        return String.join("\n", md) + "\n";
    }

    /** The strategy × budget table: best validation fitness after 25, 50, 100 and all evaluations. */
    static List<String> searches(List<Journal> journals, boolean convergence) {
        List<String> md = new ArrayList<>();
        md.add("## Searches");
        md.add("");
        md.add("Best validation fitness after the first 25, 50, 100 and all evaluations of each search journal "
                + "(– : the search used fewer evaluations, or none of them succeeded). Failed evaluations count "
                + "against the budget but never as the best." + (convergence ? " In the chart, grey vertical lines mark "
                + "these budgets." : ""));
        md.add("");
        StringBuilder header = new StringBuilder("| Search | Strategy | Method | Evaluations | Failures |");
        for (int budget : SearchStats.BUDGETS) header.append(" Best @").append(budget).append(" |");
        md.add(header + " Best (all) | Median s/eval |");
        md.add("|---|---|---|" + "---:|".repeat(4 + SearchStats.BUDGETS.size()));
        for (Journal journal : journals) {
            SearchStats s = SearchStats.of(journal);
            StringBuilder line = new StringBuilder("| `" + s.name() + "` | " + orNone(s.strategy()) + " | "
                    + orNone(s.method()) + " | " + s.evaluations() + " | " + s.failures() + " |");
            for (Double best : s.bestAt()) line.append(' ').append(Numbers.fitness(best)).append(" |");
            line.append(' ').append(Numbers.fitness(s.best())).append(" | ")
                    .append(Double.isNaN(s.medianSeconds()) ? Numbers.NONE
                            : String.format(Locale.ROOT, "%.2f", s.medianSeconds())).append(" |");
            md.add(line.toString());
        }
        for (Journal journal : journals) {
            List<Double> fidelities = journal.evaluations().stream().map(Evaluation::fidelity)
                    .filter(java.util.Objects::nonNull).toList();
            if (fidelities.isEmpty()) continue;
            java.util.Map<Double, Long> counts = new java.util.TreeMap<>(fidelities.stream().collect(
                    java.util.stream.Collectors.groupingBy(f -> f, java.util.stream.Collectors.counting())));
            md.add("");
            md.add(String.format(Locale.ROOT, "Racing `%s`: %.0f %% of the validation examples scored on average; "
                    + "evaluations by fidelity reached: %s.", journal.name(),
                    100 * fidelities.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                    String.join(", ", counts.entrySet().stream().map(e -> String.format(Locale.ROOT, "%.0f %% %d",
                            100 * e.getKey(), e.getValue())).toList())));
        }
        md.add("");
        md.add(convergence ? "![Best validation fitness so far](" + Report.CONVERGENCE + ")"
                : "No convergence chart: no search has a successful evaluation yet.");
        return md;
    }

    private static String orNone(String text) {
        return text == null ? Numbers.NONE : text;
    }
}
