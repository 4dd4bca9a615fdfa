package io.evomerge.cli;

import io.evomerge.EvomergeException;
import io.evomerge.IoErrors;
import io.evomerge.merge.MethodTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.Arrays;

/** The {@code evomerge} command line: subcommands per job; only {@link #main} exits the JVM. */
@Command(name = "evomerge", mixinStandardHelpOptions = true, version = "evomerge 0.1.0",
        description = "Evolutionary model merging: PCB-Merging, CABS, TIES, DARE and task arithmetic, searched by CMA-ES.",
        subcommands = {InspectCommand.class, MergeCommand.class, EnvCommand.class, ForwardCommand.class, PretrainCommand.class, FinetuneCommand.class, EvalCommand.class,
                EvolveCommand.class, ReportCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    /** Exit code for bad input (files, configs, arguments): the message says what to fix. */
    static final int BAD_INPUT = 2;
    /** Exit code for an unexpected failure (a bug): the stack trace is printed with --verbose. */
    static final int INTERNAL_ERROR = 1;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces and debug detail on errors.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit code (tests call this; it never exits the JVM). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.getSubcommands().get("merge").getCommandSpec().usageMessage()
                .footer("%n" + MethodTable.text().replace("%", "%%"));
        ForwardCommand.addEncoderTable(cmd.getSubcommands().get("forward"));
        // usage errors (unknown option, bad number, missing parameter): one line, then where to read the usage
        cmd.setParameterExceptionHandler((ex, arguments) -> {
            String command = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println("evomerge: " + ex.getMessage().replaceAll("\\s*\\R\\s*", " ").strip() + " (see " + command
                    + " --help)");
            if (Arrays.asList(arguments).contains("--verbose")) ex.printStackTrace(err);
            err.flush();
            return BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler((ex, line, parseResult) -> {
            boolean verbose = matched(parseResult, "--verbose");
            if (ex instanceof UncheckedIOException u) ex = u.getCause();
            if (ex instanceof IOException failure) {
                // a file the command could not read or write: the OS's reason, never a class name
                ex = new EvomergeException(failure instanceof FileSystemException fs && fs.getFile() != null
                        ? fs.getFile() + ": " + IoErrors.reason(failure) : IoErrors.reason(failure), failure);
            }
            if (ex instanceof EvomergeException) {
                err.println("evomerge: " + ex.getMessage());
                if (verbose) ex.printStackTrace(err);
                err.flush();
                return BAD_INPUT;
            }
            err.println("evomerge: internal error: " + ex + (verbose ? "" : " (run with --verbose for the stack trace)"));
            if (verbose) ex.printStackTrace(err);
            err.flush();
            return INTERNAL_ERROR;
        });
        return cmd.execute(args);
    }

    private static boolean matched(CommandLine.ParseResult pr, String option) {
        for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) return true;
        }
        return false;
    }
}
