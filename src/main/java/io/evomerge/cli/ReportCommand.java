package io.evomerge.cli;

import io.evomerge.EvomergeException;
import io.evomerge.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code evomerge report}: turns a run folder's summary and search journals into report.md and charts. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write report.md (test and validation tables, searches by budget), convergence.png and tasks.png "
                + "into a run folder, from its summary.json and searches/*/evaluations.jsonl.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "A run folder, e.g. results/quickstart.")
    Path runDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Report.Written written;
        try {
            written = Report.write(runDir);
        } catch (IOException e) {
            throw new EvomergeException(runDir + ": cannot write the report (" + e + ")", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        written.warnings().forEach(w -> err.println("evomerge: warning: " + w));
        written.files().forEach(out::println);
        out.flush();
        err.flush();
        return 0;
    }
}
