package io.evomerge.search;

import io.jenetics.DoubleGene;
import io.jenetics.engine.EvolutionStart;
import io.jenetics.engine.EvolutionStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;

/**
 * One search run: a space, a strategy and a budget in evaluations. The run evaluates exactly
 * {@code budget} candidates (fewer only if the strategy runs out, as a finished grid does); the
 * last generation is truncated to fit.
 *
 * <p>Resume: the caller journals every {@link Evaluation} it is shown (those with
 * {@code replayed == false}); after a restart it passes that journal back. The strategy, re-seeded,
 * proposes the same candidates in the same order; the first {@code journal.size()} are answered from
 * the journal (checked against the proposal) without calling the fitness.
 */
public record Search(SearchSpace space, SearchStrategy strategy, long budget) {

    public Search {
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be at least 1 evaluation, got " + budget);
        }
    }

    /**
     * The run as a Jenetics evolution stream, limited by the budget; add {@code Limits}, statistics
     * or {@code EvolutionResult.toBestPhenotype()} as with any engine. Each call starts afresh.
     *
     * @param listener sees every evaluation, replayed or fresh, in index order
     */
    public EvolutionStream<DoubleGene, Double> stream(
            BatchFitness fitness, List<Evaluation> journal, Consumer<? super Evaluation> listener) {
        return stream((batch, threshold) -> fitness.evaluate(batch), null, journal, listener);
    }

    private EvolutionStream<DoubleGene, Double> stream(RacedFitness fitness, IntUnaryOperator racingRanks,
            List<Evaluation> journal, Consumer<? super Evaluation> listener) {
        var evaluator = new JournalEvaluator(space, fitness, racingRanks, budget, journal, listener);
        var guard = new BudgetGuard(strategy.evolution(space, evaluator), evaluator);
        return EvolutionStream.ofEvolution(EvolutionStart::empty, guard).limit(r -> guard.progressed());
    }

    /** Runs to the budget, resuming from {@code journal}, and reports the best evaluation. */
    public SearchResult run(BatchFitness fitness, List<Evaluation> journal, Consumer<? super Evaluation> listener) {
        return run((batch, threshold) -> fitness.evaluate(batch), null, journal, listener);
    }

    /**
     * The same with a racing fitness: each batch comes with the threshold its candidates must be able to reach to
     * matter to the strategy (see {@link JournalEvaluator#eval}).
     */
    public SearchResult runRaced(RacedFitness fitness, List<Evaluation> journal, Consumer<? super Evaluation> listener) {
        return run(fitness, size -> strategy.racingRanks(space, size), journal, listener);
    }

    private SearchResult run(RacedFitness fitness, IntUnaryOperator racingRanks, List<Evaluation> journal,
            Consumer<? super Evaluation> listener) {
        var tally = new Tally(listener);
        stream(fitness, racingRanks, journal, tally).forEach(r -> tally.generations++);
        return new SearchResult(tally.best, tally.evaluations, tally.generations);
    }

    /** Runs to the budget from scratch. */
    public SearchResult run(BatchFitness fitness) {
        return run(fitness, List.of(), e -> {});
    }

    /** Passes evaluations on to the caller's listener while keeping the best and the counts. */
    private static final class Tally implements Consumer<Evaluation> {
        private final Consumer<? super Evaluation> listener;
        private Evaluation best;
        private long evaluations;
        private long generations;

        Tally(Consumer<? super Evaluation> listener) {
            this.listener = listener;
        }

        @Override
        public void accept(Evaluation e) {
            if (best == null || e.fitness() > best.fitness()) {
                best = e;
            }
            evaluations++;
            listener.accept(e);
        }
    }
}
