package io.evomerge.report;

import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a run folder's report: {@code report.md} (the tables a paper cites), {@code convergence.png} (when a search
 * journal has a successful evaluation to plot) and {@code tasks.png}, each atomically, next to {@code summary.json}.
 */
public final class Report {
    public static final String MARKDOWN = "report.md";
    public static final String CONVERGENCE = "convergence.png";
    public static final String TASKS = "tasks.png";
    static final String SEARCHES = "searches";

    /** The files written, and what was skipped on the way (torn journal lines). */
    public record Written(List<Path> files, List<String> warnings) {
    }

    private Report() {
    }

    /** Rewrites the report of a finished run from its {@code summary.json} ({@code evomerge report}). */
    public static Written write(Path runDir) throws IOException {
        return write(runDir, RunSummary.read(runDir.resolve(RunSummary.FILE)));
    }

    /** Writes the report of {@code summary}, which the runner writes after it (its presence marks a finished run). */
    public static Written write(Path runDir, RunSummary summary) throws IOException {
        List<Journal> journals = journals(runDir, summary);
        List<String> warnings = journals.stream().flatMap(j -> j.warnings().stream()).toList();

        boolean plotted = journals.stream().anyMatch(j -> j.evaluations().stream().anyMatch(e -> !e.failed()));

        List<Path> written = new ArrayList<>();
        Path markdown = runDir.resolve(MARKDOWN);
        AtomicFiles.writeString(markdown, ReportMarkdown.render(summary, journals, plotted, warnings));
        written.add(markdown);
        Path convergence = runDir.resolve(CONVERGENCE);
        if (plotted) {
            Charts.convergence(journals, convergence);
            written.add(convergence);
        } else {
            Files.deleteIfExists(convergence); // an earlier report's chart would contradict this one
        }
        Path tasks = runDir.resolve(TASKS);
        Charts.tasks(summary, tasks);
        written.add(tasks);
        return new Written(written, warnings);
    }

    /** Every journal under {@code searches/}, by name; a search row whose journal is missing is an error. */
    private static List<Journal> journals(Path runDir, RunSummary summary) throws IOException {
        Path searches = runDir.resolve(SEARCHES);
        for (int i = 0; i < summary.rows().size(); i++) {
            String search = summary.rows().get(i).search();
            if (search != null && !Files.isRegularFile(searches.resolve(search).resolve(Journal.FILE))) {
                throw new EvomergeException(runDir.resolve(RunSummary.FILE) + ": rows[" + i + "].search: no journal "
                        + searches.resolve(search).resolve(Journal.FILE));
            }
        }
        if (!Files.isDirectory(searches)) return List.of();
        // a search's repeats lie one level down: searches/<name>/repeat-K/
        try (Stream<Path> files = Files.walk(searches, 3)) {
            return files.filter(f -> f.getFileName().toString().equals(Journal.FILE)).filter(Files::isRegularFile)
                    .sorted().map(Journal::read).toList();
        }
    }
}
