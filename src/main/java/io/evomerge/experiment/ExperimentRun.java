package io.evomerge.experiment;

import io.evomerge.EvomergeException;
import io.evomerge.IoErrors;
import io.evomerge.checkpoint.AtomicFiles;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.SideFiles;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import io.evomerge.data.SplitName;
import io.evomerge.eval.Predictions;
import io.evomerge.eval.Predictions;
import io.evomerge.finetune.Finetuner;
import io.evomerge.merge.MergeBackend;
import io.evomerge.population.Population;
import io.evomerge.population.TaskConfig;
import io.evomerge.report.RowKind;
import io.evomerge.report.RunSummary;
import io.evomerge.report.SummaryRow;
import io.evomerge.report.SummaryTask;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.evomerge.report.ParetoFront;
import io.evomerge.report.Journal;
import io.evomerge.search.Candidate;
import java.util.function.Supplier;

/**
 * {@code evomerge evolve}: the whole loop for one experiment. It makes sure the population exists (fine-tuning what
 * is missing), scores the baselines (pre-trained with task heads, each fine-tuned model on its own task, each
 * method at its papers' defaults), runs the grids and searches on validation, evaluates each search's best once on
 * test, and writes {@code results/<name>/} (or the next free {@code <name>-N}, see {@link RunFolder}): journals,
 * {@code best.yaml}, {@code summary.json}, the report.
 */
public final class ExperimentRun {
    /** Where candidates are scored: in this JVM, or on the Spark cluster of the usual Spark settings. */
    public enum Executor { LOCAL, SPARK }

    /**
     * @param searches        names of the searches to run (empty: all)
     * @param allowTestSearch let a search score candidates on the test split
     * @param workers         local evaluators on the experiment's device (each holds a model and plan cache); 0: one
     *                        per device of the experiment's {@code devices}
     * @param forceResume     resume even when the experiment, data or population differ from the run's manifest
     */
    public record Options(Path resultsRoot, boolean resume, boolean allowTestSearch, List<String> searches, boolean saveModel,
                          int workers, long planCacheBytes, boolean forceResume, Executor executor) {
        /** The local executor. */
        public Options(Path resultsRoot, boolean resume, boolean allowTestSearch, List<String> searches,
                       boolean saveModel, int workers, long planCacheBytes, boolean forceResume) {
            this(resultsRoot, resume, allowTestSearch, searches, saveModel, workers, planCacheBytes, forceResume,
                    Executor.LOCAL);
        }
    }

    private final ExperimentConfig config;
    private final Options options;
    private final RunListener listener;
    private boolean foundFinished;

    public ExperimentRun(ExperimentConfig config, Options options, RunListener listener) {
        this.config = config;
        this.options = options;
        this.listener = listener;
    }

    /**
     * Runs the experiment and returns its summary. Under {@code --resume} a finished run is only read back
     * ({@link #foundFinished()}): nothing in its folder is touched.
     */
    public RunSummary run() throws IOException {
        if (config.merging().backend() == MergeBackend.DEVICE && options.workers() > 1) {
            throw new EvomergeException("--workers: " + options.workers() + " with backend: device in " + config.file()
                    + "; the device backend evaluates with one worker (its plans live beside its model); use --workers 1");
        }
        List<SearchSpec> searches = selected(config.searches());
        List<String> devices = localDevices();
        // one plan cache serves all local evaluators, so device plans can live beside one model only; on Spark each
        // resident evaluator has its own plans on its own device
        if (config.merging().backend() == MergeBackend.DEVICE && devices.size() > 1) {
            throw new EvomergeException(config.file() + ": backend: device evaluates with one local evaluator (its plans"
                    + " live beside its model), not " + devices.size() + " devices; use backend: java, or one device");
        }
        for (SearchSpec s : searches) {
            if (s.searchesTest() && !options.allowTestSearch()) {
                throw new EvomergeException(config.file() + ": " + s.key() + ".split: search '" + s.name() + "' scores"
                        + " candidates on the test split, which must stay held out for the final report; use split:"
                        + " validation, or pass --allow-test-search");
            }
        }
        Path runDir = RunFolder.choose(options.resultsRoot(), config.name(), options.resume());
        Path summaryFile = runDir.resolve(RunSummary.FILE);
        if (options.resume() && Files.isRegularFile(summaryFile)) {
            listener.message(runDir + " is finished (its " + RunSummary.FILE + " is written): nothing to resume;"
                    + " run without --resume to start a new run");
            foundFinished = true;
            return RunSummary.read(summaryFile);
        }
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw IoErrors.of(runDir, "create the run folder", e);
        }
        try (RunLock lock = RunLock.acquire(runDir)) {
            List<Path> stale = RunFolder.removeStaleTemps(runDir);
            return run(runDir, searches, devices, startManifest(runDir), stale);
        } catch (FileSystemException e) {
            throw new EvomergeException(e.getFile() + ": cannot write (" + IoErrors.reason(e) + "); fix that, then"
                    + " continue the run with --resume", e);
        } catch (UncheckedIOException e) {
            throw new EvomergeException(IoErrors.reason(e.getCause()) + "; fix that, then continue the run with --resume", e);
        }
    }

    /**
     * The local executor's devices: {@code --workers N} copies of the experiment's device, or its {@code devices};
     * the spark executor has none (the cluster's task slots are its evaluators).
     */
    private List<String> localDevices() {
        if (options.executor() == Executor.SPARK) {
            if (options.workers() > 0) {
                throw new EvomergeException("--workers: the spark executor runs one evaluator per executor task slot;"
                        + " drop --workers and size the cluster (spark.executor.instances, spark.executor.cores)");
            }
            checkSpark();
            return List.of();
        }
        if (options.workers() == 0) return config.devices();
        if (config.devices().size() > 1) {
            throw new EvomergeException("--workers " + options.workers() + ": " + config.file() + " lists devices "
                    + config.devices() + " (one evaluator each); drop --workers or the devices key");
        }
        return java.util.Collections.nCopies(options.workers(), config.device());
    }

    /** Refuses a spark run that cannot reach Spark, before any work (here, where no Spark type is loaded). */
    private static void checkSpark() {
        try {
            Class.forName("org.apache.spark.SparkContext");
        } catch (ClassNotFoundException e) {
            throw new EvomergeException("--executor spark: Spark is not on the classpath; run evomerge under"
                    + " spark-submit (see the README's 'Running on a cluster')");
        }
        if (System.getProperty("spark.master") == null) {
            throw new EvomergeException("--executor spark: no Spark master is set; run under spark-submit --master"
                    + " URL, or pass -Dspark.master=URL (local[2] runs two task slots in this JVM)");
        }
    }

    /** Whether {@link #run} found the run finished already (under --resume) and left it as it was. */
    public boolean foundFinished() {
        return foundFinished;
    }

    /**
     * Writes the manifest first: a new one for a new run; under --resume the recorded one, checked against the
     * experiment and data now (a difference refused unless forced), with this start added.
     */
    private RunManifest startManifest(Path runDir) {
        if (!options.resume() || !Files.isRegularFile(runDir.resolve(RunManifest.FILE))) {
            RunManifest m = RunManifest.create(config, shown(config.file()));
            m.write(runDir, config.file(), true);
            return m;
        }
        RunManifest m = RunManifest.read(runDir);
        List<String> differences = m.differences(config);
        refuseUnlessForced(runDir, differences);
        m = m.withStart(RunManifest.start(true, !differences.isEmpty(), differences));
        m.write(runDir, config.file(), false);
        return m;
    }

    private void refuseUnlessForced(Path runDir, List<String> differences) {
        if (differences.isEmpty() || options.forceResume()) return;
        throw new EvomergeException(runDir.resolve(RunManifest.FILE) + ": " + String.join("; ", differences)
                + " since this run started; resume with what it recorded (the experiment's copy is "
                + runDir.resolve(RunManifest.EXPERIMENT_COPY) + "), or pass --force-resume to go on anyway (recorded)");
    }

    /** Records the population's hashes on first use; on a resume, refuses a population that changed (unless forced). */
    private RunManifest checkPopulation(Path runDir, RunManifest manifest) {
        Map<String, String> now = RunManifest.populationHashes(config);
        if (manifest.population().isEmpty()) {
            manifest = manifest.withPopulation(now);
        } else {
            List<String> differences = manifest.populationDifferences(now);
            if (differences.isEmpty()) return manifest;
            refuseUnlessForced(runDir, differences);
            manifest = manifest.withLastStartDifferences(differences, true);
        }
        manifest.write(runDir, config.file(), false);
        return manifest;
    }

    private RunSummary run(Path runDir, List<SearchSpec> searches, List<String> devices, RunManifest manifest,
                           List<Path> staleTemps)
            throws IOException {
        int models = config.tasks().size();
        listener.message("run folder: " + runDir);
        if (!staleTemps.isEmpty()) {
            listener.message("removed " + staleTemps.size() + " temp file(s) left by an interrupted process: "
                    + staleTemps.stream().map(p -> runDir.relativize(p).toString()).toList());
        }
        List<PopulationScores.TaskKey> populationKey = ensurePopulation();
        manifest = checkPopulation(runDir, manifest);
        Population population = config.populationLayout();
        List<Path> modelPaths = config.tasks().stream().map(t -> population.task(t.name()).resolve("model.safetensors")).toList();
        Path basePath = population.base().resolve("model.safetensors");

        List<SummaryRow> rows = new ArrayList<>();
        Map<String, Map<String, Predictions>> testPredictions = new LinkedHashMap<>();
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (Checkpoint base = Checkpoints.open(basePath)) {
            for (Path p : modelPaths) checkpoints.add(Checkpoints.open(p));
            // one executor for the whole run: its memory answers a grid point that equals a method's defaults
            // (scored as a baseline) without scoring it again
            try (Scoring scoring = options.executor() == Executor.SPARK
                    ? Scoring.spark(config, SparkExecutor.start(config, options.planCacheBytes(), listener), base,
                    checkpoints, options.planCacheBytes())
                    : Scoring.local(config, devices, base, checkpoints, options.planCacheBytes())) {
                RememberingExecutor executor = scoring.executor();
                PopulationScores stored = PopulationScores.open(population);
                rows.add(populationRow("Pre-trained + task heads", RowKind.BASELINE, "pretrained", 1, stored,
                        populationKey, testPredictions, () -> scoring.populationScorer().pretrained()));
                rows.add(populationRow("Fine-tuned (individual)", RowKind.INDIVIDUAL, "individual", models, stored,
                        populationKey, testPredictions, () -> scoring.populationScorer().individual()));
                for (BaselineSpec b : config.baselines()) rows.add(baseline(b, executor, testPredictions));

                Recipe overallBest = null;
                double overallFitness = Double.NEGATIVE_INFINITY;
                String overallName = null;
                for (SearchSpec s : searches) {
                    List<SummaryRow> repeats = new ArrayList<>();
                    for (int k = 0; k < s.repeats(); k++) {
                        SearchSpec r = s.repeat(k);
                        Path dir = runDir.resolve("searches").resolve(r.name());
                        SearchRun.Outcome o = new SearchRun(r, models, executor, dir, listener).run();
                        AtomicFiles.writeString(dir.resolve("best.yaml"), RecipeYaml.of(o.best(), basePath, modelPaths,
                                "best of search '" + r.name() + "' (" + r.strategy() + ", " + o.evaluations() + " evaluations)\n"
                                        + "validation fitness " + o.bestFitness() + "; rebuild: evomerge merge best.yaml OUT"));
                        String key = s.repeats() == 1 ? s.label() : RowUncertainty.repeatKey(s.label(), k);
                        repeats.add(searchRow(o, executor, testPredictions, key));
                        if (!s.grid() && o.bestFitness() > overallFitness) {
                            overallFitness = o.bestFitness();
                            overallBest = o.best();
                            overallName = r.name();
                        }
                    }
                    rows.add(repeats.size() == 1 ? repeats.getFirst() : RepeatedSearch.pooled(s, repeats));
                    if (s.pareto() != null) rows.add(paretoRow(s, runDir, models, executor, testPredictions));
                }
                if (overallBest != null) {
                    AtomicFiles.writeString(runDir.resolve("best.yaml"), RecipeYaml.of(overallBest, basePath, modelPaths,
                            "best candidate of experiment '" + config.name() + "' (search '" + overallName + "')\n"
                                    + "validation fitness " + overallFitness + "; rebuild: evomerge merge best.yaml OUT"));
                    if (options.saveModel()) {
                        saveModel(overallBest, scoring.plans(), runDir.resolve("best-model"), base, population);
                    }
                }
            }
        } finally {
            checkpoints.forEach(Checkpoint::close);
        }
        List<SummaryTask> tasks = config.tasks().stream().map(t -> new SummaryTask(t.name(), headline(t))).toList();
        // started and wall time span every process that worked on the run (the manifest lists them)
        Instant started = Instant.parse(manifest.started());
        RunSummary summary = new RunSummary(runDir.getFileName().toString(), shown(config.file()), Machine.describe(),
                started.toString(), Duration.between(started, Instant.now()).toNanos() / 1e9, tasks,
                RowUncertainty.add(rows, testPredictions, config.tasks(), config.seed()));
        PredictionsFile.write(runDir.resolve(PredictionsFile.FILE), testPredictions);
        // the report first: summary.json marks the run finished, so it is the last file written
        io.evomerge.report.Report.write(runDir, summary);
        summary.write(runDir.resolve(RunSummary.FILE));
        return summary;
    }

    private List<SearchSpec> selected(List<SearchSpec> all) {
        if (options.searches().isEmpty()) return all;
        for (String name : options.searches()) {
            if (all.stream().noneMatch(s -> s.name().equals(name))) {
                throw new EvomergeException("--search " + name + ": no such search in " + config.file() + " (searches: "
                        + all.stream().map(SearchSpec::name).toList() + ")");
            }
        }
        return all.stream().filter(s -> options.searches().contains(s.name())).toList();
    }

    /**
     * Fine-tunes the tasks whose models are missing (a task already done with the same settings is skipped), and
     * returns what keys the population's stored scores: the settings hash of each task's model (as its folder
     * records it), validation subset and weight.
     */
    private List<PopulationScores.TaskKey> ensurePopulation() {
        StringWriter log = new StringWriter();
        listener.message("population: " + config.population().root());
        Finetuner finetuner = new Finetuner(config.population(), new PrintWriter(log, true), true);
        List<PopulationScores.TaskKey> keys = new ArrayList<>();
        for (Finetuner.Outcome o : finetuner.run(config.tasks())) {
            listener.message("  " + o.task() + (o.skipped() ? ": fine-tuned already" : ": fine-tuned now"));
            TaskConfig t = config.task(o.task());
            keys.add(new PopulationScores.TaskKey(t.name(), o.settingsHash(), t.validationSubset(), t.weight()));
        }
        return keys;
    }

    /**
     * A row that depends on the population alone: read from its stored scores when an earlier run scored it (the
     * row then cost 0 evaluations), else scored now and stored.
     */
    private SummaryRow populationRow(String label, RowKind kind, String name, int evaluations, PopulationScores stored,
                                     List<PopulationScores.TaskKey> key,
                                     Map<String, Map<String, Predictions>> predictions,
                                     Supplier<PopulationScores.Row> score) throws IOException {
        long t0 = System.nanoTime();
        String k = PopulationScores.key(name, key);
        PopulationScores.Row row = stored.get(k);
        int used = 0;
        if (row == null) {
            listener.message("baseline: " + label);
            row = score.get();
            stored.put(k, row);
            used = evaluations;
        } else {
            listener.message("baseline: " + label + ", stored by an earlier run (" + stored.file() + ")");
        }
        predictions.put(label, row.testPredictions());
        return new SummaryRow(label, kind, null, null, null, row.validation(), row.test(), row.fitness(), used,
                (System.nanoTime() - t0) / 1e9, Map.of(), null, null);
    }

    private SummaryRow baseline(BaselineSpec b, RememberingExecutor evaluator,
                                Map<String, Map<String, Predictions>> predictions) {
        listener.message("baseline: " + b.label());
        long t0 = System.nanoTime();
        Recipe r = new Recipe(b.settings(), io.evomerge.merge.MergeWeights.uniform(config.tasks().size(), b.lambda()));
        CandidateResult val = evaluator.evaluate(r, SplitName.VALIDATION);
        Map<String, Map<String, Double>> test = val.failure() != null ? Map.of()
                : test(b.label(), r, evaluator, predictions);
        return new SummaryRow(b.label(), RowKind.BASELINE, b.method().configName(), null, null, val.metrics(), test,
                val.fitness(), 1, (System.nanoTime() - t0) / 1e9, RecipeParams.of(r), null, null);
    }

    /** A search's row; its test predictions go to {@code predictions} under {@code key}. */
    private SummaryRow searchRow(SearchRun.Outcome o, RememberingExecutor evaluator,
                                 Map<String, Map<String, Predictions>> predictions, String key) {
        SearchSpec s = o.spec();
        listener.message(s.name() + ": best validation fitness " + String.format("%.4f", o.bestFitness()) + ", evaluating it on test");
        // the search already scored its best on validation: only the test split is new
        Map<String, Map<String, Double>> test = o.bestMetrics().isEmpty() ? Map.of()
                : test(key, o.best(), evaluator, predictions);
        Map<String, Object> params = RecipeParams.of(o.best());
        params.put("plans_built", o.plansBuilt());
        params.put("failures", o.failures());
        params.put("seconds_merging", o.mergeSeconds());
        params.put("seconds_evaluating", o.evalSeconds());
        params.put("share_outside_evaluation", o.seconds() > 0 ? 1 - o.evalSeconds() / o.seconds() : 0);
        return new SummaryRow(s.label(), s.grid() ? RowKind.GRID : RowKind.SEARCH, s.method().configName(), s.strategy(),
                s.name(), o.bestMetrics(), test, o.bestFitness(), (int) o.evaluations(), o.seconds(), params, null, null);
    }

    /**
     * A search's Pareto front over the tasks' headline validation metrics: every fully scored, unfailed evaluation of
     * its repeats is a point (a race's stopped candidates were scored on part of the examples only). The front goes
     * to {@code searches/<name>/front.json} and {@code front.png}; the chosen point is scored on test as a row of its
     * own.
     */
    private SummaryRow paretoRow(SearchSpec s, Path runDir, int models, RememberingExecutor evaluator,
                                 Map<String, Map<String, Predictions>> predictions) throws IOException {
        long t0 = System.nanoTime();
        List<String> tasks = config.tasks().stream().map(TaskConfig::name).toList();
        List<String> keys = config.tasks().stream().map(ExperimentRun::headline).toList();
        List<ParetoFront.Point> points = new ArrayList<>();
        List<io.evomerge.report.Evaluation> evaluations = new ArrayList<>();
        List<String> journals = new ArrayList<>();
        Path dir = runDir.resolve("searches").resolve(s.name());
        for (int k = 0; k < s.repeats(); k++) {
            String name = s.repeat(k).name();
            for (io.evomerge.report.Evaluation e : Journal.read(runDir.resolve("searches").resolve(name)
                    .resolve(Journal.FILE)).evaluations()) {
                if (e.failure() != null || (e.fidelity() != null && e.fidelity() < 1)) continue;
                double[] objectives = new double[tasks.size()];
                for (int t = 0; t < tasks.size(); t++) {
                    Double v = e.metrics().getOrDefault(tasks.get(t), Map.of()).get(keys.get(t));
                    objectives[t] = v == null ? Double.NaN : v;
                }
                if (java.util.Arrays.stream(objectives).anyMatch(Double::isNaN)) continue;
                points.add(new ParetoFront.Point(evaluations.size(), objectives));
                evaluations.add(e);
                journals.add(dir.relativize(runDir.resolve("searches").resolve(name)).toString());
            }
        }
        String label = s.label() + " (" + s.pareto().describe() + ")";
        if (points.isEmpty()) {
            listener.message(s.name() + ": no fully scored evaluation, so no Pareto front");
            return new SummaryRow(label, RowKind.SEARCH, s.method().configName(), s.strategy(), s.name(), Map.of(),
                    Map.of(), null, 0, 0, Map.of(), null, null);
        }
        List<ParetoFront.Point> front = ParetoFront.of(points);
        ParetoFront.Point chosen = s.pareto().weights() == null ? ParetoFront.knee(front)
                : ParetoFront.weighted(front, tasks.stream().mapToDouble(t -> s.pareto().weights().getOrDefault(t, 0.0)).toArray());
        io.evomerge.report.Evaluation pick = evaluations.get(chosen.id());
        @SuppressWarnings("unchecked")
        Map<String, Object> genes = (Map<String, Object>) pick.params().get("genes");
        Recipe recipe = new GenomeMapping(s, models).decode(new Candidate(new LinkedHashMap<>(genes)));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("objectives", java.util.stream.IntStream.range(0, tasks.size()).mapToObj(t -> tasks.get(t) + " " + keys.get(t)).toList());
        json.put("choice", s.pareto().weights() == null ? "knee" : Map.of("weights", s.pareto().weights()));
        json.put("points_scored", points.size());
        List<Map<String, Object>> rowsOut = new ArrayList<>();
        for (ParetoFront.Point p : front) {
            io.evomerge.report.Evaluation e = evaluations.get(p.id());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("journal", journals.get(p.id()).isEmpty() ? Journal.FILE : journals.get(p.id()) + "/" + Journal.FILE);
            r.put("index", e.index());
            r.put("genes", e.params().get("genes"));
            Map<String, Double> values = new LinkedHashMap<>();
            for (int t = 0; t < tasks.size(); t++) values.put(tasks.get(t), p.objectives()[t]);
            r.put("validation", values);
            r.put("fitness", e.fitness());
            r.put("chosen", p.equals(chosen));
            rowsOut.add(r);
        }
        json.put("front", rowsOut);
        AtomicFiles.writeString(dir.resolve("front.json"),
                new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        ParetoFront.draw(label + ": validation front", tasks, points, front, chosen, dir.resolve("front.png"));
        listener.message(s.name() + ": Pareto front of " + front.size() + " of " + points.size()
                + " candidates; " + s.pareto().describe() + " evaluated on test");
        Map<String, Map<String, Double>> test = test(label, recipe, evaluator, predictions);
        Map<String, Object> params = RecipeParams.of(recipe);
        params.put("front_size", front.size());
        return new SummaryRow(label, RowKind.SEARCH, s.method().configName(), s.strategy(), s.name(), pick.metrics(),
                test, pick.fitness(), 0, (System.nanoTime() - t0) / 1e9, params, null, null);
    }

    /**
     * The test metrics of a recipe that built fine on validation (remembered when a baseline had the same recipe);
     * its per-example predictions go to {@code predictions} under the row's label.
     */
    private static Map<String, Map<String, Double>> test(String label, Recipe r, RememberingExecutor evaluator,
                                                         Map<String, Map<String, Predictions>> predictions) {
        CandidateResult result = evaluator.evaluate(r, SplitName.TEST);
        if (!result.predictions().isEmpty()) predictions.put(label, result.predictions());
        return result.metrics();
    }

    private void saveModel(Recipe best, PlanCache plans, Path out, Checkpoint base, Population population) throws IOException {
        Map<String, float[]> merged = plans.merged(best);
        List<TensorSpec> specs = base.tensors().stream().map(t -> TensorSpec.of(t, null)).toList();
        try (var writer = io.evomerge.checkpoint.CheckpointWriter.create(out, specs,
                WriteOptions.single(Map.of("format", "pt", "merged_by", "evomerge")))) {
            for (TensorInfo t : base.tensors()) {
                if (t.dtype().isFloating()) writer.write(t.name(), merged.get(t.name()));
                else writer.writeRaw(t.name(), base.rawBytes(t.name()));
            }
            writer.commit();
        }
        SideFiles.carry(population.base(), out);
        listener.message("best model written to " + out);
    }

    /** A path as the user would type it: relative to the working folder when it lies below it. */
    private static String shown(Path file) {
        Path here = Path.of("").toAbsolutePath();
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(here) ? here.relativize(abs).toString() : abs.toString();
    }

    private static String headline(TaskConfig t) {
        String key = t.spec().metrics().getFirst().key();
        return key.equals("matthews") ? "mcc" : key;
    }
}
