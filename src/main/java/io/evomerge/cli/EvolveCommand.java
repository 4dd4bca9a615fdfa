package io.evomerge.cli;

import io.evomerge.EvomergeException;
import io.evomerge.experiment.ExperimentConfig;
import io.evomerge.experiment.ExperimentRun;
import io.evomerge.experiment.RunListener;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code evomerge evolve EXPERIMENT.yaml}: baselines, grids and evolutionary searches, journaled; then the report. */
@Command(name = "evolve", mixinStandardHelpOptions = true,
        description = "Run an experiment: fine-tune what is missing, score the baselines, search merge coefficients and "
                + "mask ratios on validation (CMA-ES, GA, grid, random, BOBYQA), evaluate the best on test, write the report.")
final class EvolveCommand implements Callable<Integer> {
    @Parameters(paramLabel = "EXPERIMENT", description = "Experiment YAML (see experiments/).")
    Path experiment;

    @Option(names = "--results", defaultValue = "results", description = "Folder holding run folders (default ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--resume", description = "Continue the experiment's latest run folder from its journals. Without it, an unfinished "
            + "run is refused and a finished one is kept: the new run writes results/<name>-2, -3, ...")
    boolean resume;

    @Option(names = "--force-resume", description = "With --resume: go on even when the experiment, its data or the "
            + "population differ from what the run's manifest.json recorded (the override is recorded there).")
    boolean forceResume;

    @Option(names = "--search", paramLabel = "NAME", description = "Run only this search (repeatable).")
    List<String> searches = List.of();

    @Option(names = "--allow-test-search", description = "Allow a search to score candidates on the test split.")
    boolean allowTestSearch;

    @Option(names = "--save-model", description = "Also write the best merged model to results/<run>/best-model/.")
    boolean saveModel;

    @Option(names = "--workers", paramLabel = "N", description = "Local evaluators on the experiment's device, each with its "
            + "own model copy (default: one per entry of the experiment's devices, else 1).")
    Integer workers;

    @Option(names = "--executor", defaultValue = "local", paramLabel = "local|spark", description = "Where candidates are "
            + "scored: local (this JVM) or spark (the cluster of the usual Spark settings, under spark-submit; see the "
            + "README's 'Running on a cluster'). Default ${DEFAULT-VALUE}.")
    String executor;

    @Option(names = "--plan-cache", defaultValue = "25%", paramLabel = "SIZE|N%",
            description = "Memory for cached merge plans, shared by all workers: a size (512m, 2GiB) or a share of the heap (default ${DEFAULT-VALUE}).")
    String planCache;

    @Option(names = "--repeats", paramLabel = "N", description = "Run every search but the grids N times, with seeds "
            + "seed, seed + 1, ... (overrides the searches' repeats:; each repeat is journaled under searches/<name>/repeat-K/).")
    Integer repeats;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (workers != null && workers < 1) {
            throw new EvomergeException("--workers: " + workers + " is not a number of workers; give 1 or more");
        }
        ExperimentRun.Executor where = switch (executor) {
            case "local" -> ExperimentRun.Executor.LOCAL;
            case "spark" -> ExperimentRun.Executor.SPARK;
            default -> throw new EvomergeException("--executor: '" + executor + "' is not one of local, spark");
        };
        long cache = Sizes.parseOrShare(planCache, "--plan-cache", Runtime.getRuntime().maxMemory());
        if (repeats != null && (repeats < 1 || repeats > ExperimentConfig.MAX_REPEATS)) {
            throw new EvomergeException("--repeats: " + repeats + " is not a number of repeats; give 1 to "
                    + ExperimentConfig.MAX_REPEATS);
        }
        ExperimentConfig config = ExperimentConfig.read(experiment);
        if (repeats != null) config = config.withRepeats(repeats);
        PrintWriter out = spec.commandLine().getOut();
        var run = new ExperimentRun(config, new ExperimentRun.Options(results, resume || forceResume, allowTestSearch,
                searches, saveModel, workers == null ? 0 : workers, cache, forceResume, where), new BarListener(out));
        var summary = run.run();
        if (run.foundFinished()) return 0;
        out.printf("wrote %s/%s/ (summary.json, report.md, best.yaml) in %.0f s%n", results, summary.run(), summary.wallSeconds());
        return 0;
    }

    /** Messages as lines; each search as a progress bar with the best fitness and seconds per evaluation. */
    private static final class BarListener implements RunListener {
        private final PrintWriter out;
        private ProgressBar bar;
        private long done;
        private double seconds;

        BarListener(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void message(String text) {
            out.println(text);
            out.flush();
        }

        @Override
        public void searchStarted(String name, long budget, long alreadyDone) {
            done = alreadyDone;
            seconds = 0;
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(budget).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true), 110))
                    .continuousUpdate().build();
            bar.stepTo(alreadyDone);
        }

        @Override
        public void evaluated(String name, long index, double fitness, double best, double s) {
            seconds += s;
            bar.stepTo(index + 1);
            bar.setExtraMessage(String.format("best %.4f, %.1f s/eval", best, seconds / Math.max(1, index + 1 - done)));
        }

        @Override
        public void searchFinished(String name) {
            bar.close();
        }
    }
}
