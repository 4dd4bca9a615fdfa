package io.evomerge.cli;

import picocli.CommandLine.Command;

/** {@code evomerge bench}: the documented performance measurements (commands, never timed tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure checkpoint I/O and merge throughput against a plain copy of the same bytes, an LLM-sized streaming merge, evaluation throughput, and vision throughput.",
        subcommands = {BenchCheckpointCommand.class, BenchMergeCommand.class, BenchEvalCommand.class,
                BenchVisionCommand.class, BenchStreamCommand.class})
final class BenchCommand {
}
