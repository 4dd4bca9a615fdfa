package io.evomerge.experiment;

import io.evomerge.EvomergeException;
import io.evomerge.IoErrors;
import io.evomerge.data.SplitName;
import io.evomerge.report.Journal;
import io.evomerge.report.JournalWriter;
import io.evomerge.search.Candidate;
import io.evomerge.search.Evaluation;
import io.evomerge.search.Search;
import io.evomerge.search.SearchResult;
import io.evomerge.search.Strategies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one {@link SearchSpec}: the strategy proposes, the executor scores each generation's candidates (in
 * parallel when it has several evaluators, local or on a cluster), and every evaluation is journaled and flushed as it happens to
 * {@code searches/<name>/evaluations.jsonl}. A journal already there is replayed ({@link RunFolder} only lets a run
 * into a folder with journals under {@code --resume}): nothing recorded is scored again and the run ends at exactly
 * the budget. A kill at any moment loses at most the evaluations in flight.
 */
final class SearchRun {
    /**
     * What a finished search hands back: its best recipe, fitness and validation metrics, and counts for the
     * summary. The seconds cover all its evaluations, those replayed from the journal (scored by an earlier process)
     * included; {@code plansBuilt} counts this process's plans.
     */
    record Outcome(SearchSpec spec, Recipe best, double bestFitness, Map<String, Map<String, Double>> bestMetrics,
                   long evaluations, long failures, double seconds, double mergeSeconds, double evalSeconds,
                   int plansBuilt) {
    }

    private final SearchSpec spec;
    private final GenomeMapping mapping;
    private final CandidateExecutor executor;
    private final SplitName split;
    private final Path journalFile;
    private final RunListener listener;
    private double best = Double.NEGATIVE_INFINITY;
    /** The validation metrics of the best evaluation so far (first of equals, as the search keeps it). */
    private Map<String, Map<String, Double>> bestMetrics = Map.of();
    private final Deque<Pending> pending = new ArrayDeque<>();
    private long failures;
    private double mergeSeconds, evalSeconds, replayedSeconds;

    private record Pending(CandidateResult result, double seconds, List<Double> genome) {
    }

    SearchRun(SearchSpec spec, int models, CandidateExecutor executor, Path dir, RunListener listener) {
        this.spec = spec;
        this.mapping = new GenomeMapping(spec, models);
        this.executor = executor;
        this.split = spec.searchesTest() ? SplitName.TEST : SplitName.VALIDATION;
        this.journalFile = dir.resolve(Journal.FILE);
        this.listener = listener;
    }

    Outcome run() {
        List<Evaluation> replay = new ArrayList<>();
        if (Files.isRegularFile(journalFile)) {
            for (io.evomerge.report.Evaluation e : Journal.read(journalFile).evaluations()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> genes = (Map<String, Object>) e.params().get("genes");
                if (genes == null) throw new EvomergeException(journalFile + ": line " + (e.index() + 1) + " has no params.genes to replay");
                replay.add(new Evaluation(e.index(), e.generation(), new Candidate(new LinkedHashMap<>(genes)), e.fitness(), true));
                if (e.failure() != null) failures++;
                if (e.fitness() > best) {
                    best = e.fitness();
                    bestMetrics = e.metrics();
                }
                // a resumed search reports the time of all its evaluations, whichever process scored them
                replayedSeconds += e.seconds();
                if (e.mergeSeconds() != null) mergeSeconds += e.mergeSeconds();
                if (e.evalSeconds() != null) evalSeconds += e.evalSeconds();
            }
        }
        listener.searchStarted(spec.name(), spec.budget(), replay.size());
        var strategy = Strategies.create(spec.options().withDefaultStart(mapping.start()), spec.seed());
        int plansBefore = executor.plansBuilt();
        long t0 = System.nanoTime();
        SearchResult result;
        try (JournalWriter journal = JournalWriter.open(journalFile)) {
            Search search = new Search(mapping.space(), strategy, spec.budget());
            Consumer<Evaluation> journaling = e -> {
                if (!e.replayed()) write(journal, e);
            };
            result = spec.racing() ? search.runRaced(this::score, replay, journaling)
                    : search.run(batch -> score(batch, Double.NEGATIVE_INFINITY), replay, journaling);
        } catch (IOException e) {
            throw IoErrors.of(journalFile, "open the search journal", e);
        }
        listener.searchFinished(spec.name());
        double live = (System.nanoTime() - t0) / 1e9;
        Recipe bestRecipe = mapping.decode(result.best().candidate());
        int plansBuilt = executor.plansBuilt() - plansBefore;
        return new Outcome(spec, bestRecipe, result.best().fitness(), bestMetrics, result.evaluations(), failures,
                live + replayedSeconds, mergeSeconds, evalSeconds, plansBuilt);
    }

    /**
     * The batch's recipes go to the executor together, raced against {@code threshold} unless it is −∞ (what the
     * strategy needs, fixed by the search before the batch); a failed candidate gets the worst fitness and the search
     * goes on.
     */
    private double[] score(List<Candidate> batch, double threshold) {
        List<Recipe> recipes = batch.stream().map(mapping::decode).toList();
        List<CandidateResult> results = executor.evaluate(recipes, split,
                threshold == Double.NEGATIVE_INFINITY ? null : threshold);
        double[] fitness = new double[batch.size()];
        for (int k = 0; k < batch.size(); k++) {
            CandidateResult r = results.get(k);
            List<Double> genome = new ArrayList<>();
            for (var p : mapping.space().params()) genome.add(p.encode(batch.get(k).get(p.name())));
            fitness[k] = r.fitness();
            pending.add(new Pending(r, r.mergeSeconds() + r.evalSeconds(), genome));
        }
        return fitness;
    }

    private void write(JournalWriter journal, Evaluation e) {
        Pending p = pending.poll();
        if (p == null) throw new IllegalStateException("journal out of step with the search at evaluation " + e.index());
        CandidateResult r = p.result();
        if (r.failure() != null) failures++;
        mergeSeconds += r.mergeSeconds(); // the listener runs on the search's thread, in index order
        evalSeconds += r.evalSeconds();
        Map<String, Object> params = RecipeParams.of(r.recipe());
        params.put("genes", e.candidate().values());
        try {
            journal.append(new io.evomerge.report.Evaluation((int) e.index(), e.generation(), spec.strategy(),
                    spec.method().configName(), p.genome(), params, r.metrics(), r.fitness(), p.seconds(), r.failure(),
                    r.mergeSeconds(), r.evalSeconds(),
                    Double.isNaN(r.fitnessStandardError()) ? null : r.fitnessStandardError(),
                    spec.racing() ? r.fidelity() : null));
        } catch (IOException ex) {
            throw IoErrors.of(journalFile, "append to the search journal", ex);
        }
        if (r.fitness() > best) {
            best = r.fitness();
            bestMetrics = r.metrics();
        }
        listener.evaluated(spec.name(), e.index(), r.fitness(), best, p.seconds());
        if (r.failure() != null) listener.message(spec.name() + " evaluation " + e.index() + " failed: " + r.failure());
    }
}
