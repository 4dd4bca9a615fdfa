package io.evomerge.search;

import io.jenetics.DoubleGene;
import io.jenetics.Phenotype;
import io.jenetics.engine.Evaluator;
import io.jenetics.util.ISeq;
import io.jenetics.util.MSeq;
import io.jenetics.util.Seq;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;

/**
 * The evaluator a run hands its strategy. It numbers evaluations, answers the first
 * {@code journal.size()} from the journal, sends the rest to the caller's batch fitness, and stops
 * at the budget: individuals past it are not evaluated and get the placeholder
 * {@link #UNEVALUATED}, which {@link BudgetGuard} strips from the run's last result. Each call is one generation.
 */
final class JournalEvaluator implements Evaluator<DoubleGene, Double> {

    /** Worst under maximisation; real fitness values are finite, so the two never mix up. */
    static final double UNEVALUATED = Double.NEGATIVE_INFINITY;

    private final SearchSpace space;
    private final RacedFitness fitness;
    private final long budget;
    private final List<Evaluation> journal;
    private final Consumer<? super Evaluation> listener;
    /** Racing: a generation's size → how many of its best the strategy ranks; null when the search does not race. */
    private final IntUnaryOperator racingRanks;
    private long count;
    private int generation;
    /** The best fitness of the generations before the current one (−∞ before the first). */
    private double best = Double.NEGATIVE_INFINITY;

    JournalEvaluator(SearchSpace space, RacedFitness fitness, IntUnaryOperator racingRanks, long budget,
            List<Evaluation> journal, Consumer<? super Evaluation> listener) {
        this.space = space;
        this.fitness = fitness;
        this.racingRanks = racingRanks;
        this.budget = budget;
        this.journal = List.copyOf(journal);
        this.listener = listener;
    }

    long count() {
        return count;
    }

    boolean exhausted() {
        return count >= budget;
    }

    /**
     * Answers the generation's new individuals: the journaled ones from the journal, the rest from the fitness. A
     * racing search scores them in up to two rounds: a strategy that ranks the k best ({@link
     * SearchStrategy#racingRanks}) gets the generation's first k in full, then the others raced against the worst of
     * those k (a candidate below it has k better ones, so it would not have ranked); a local search gets them all
     * raced against the best of the earlier generations. Both thresholds are fixed by the generation's proposal and
     * the journal, not by the order of scoring, so the race replays on resume and is the same for any number of
     * workers.
     */
    @Override
    public ISeq<Phenotype<DoubleGene, Double>> eval(Seq<Phenotype<DoubleGene, Double>> population) {
        MSeq<Phenotype<DoubleGene, Double>> out = MSeq.of(population);
        var pending = new ArrayList<Integer>();
        int proposed = 0;
        for (int i = 0; i < out.length(); i++) {
            if (out.get(i).nonEvaluated()) {
                proposed++;
                if (count + pending.size() < budget) {
                    pending.add(i);
                } else {
                    out.set(i, out.get(i).withFitness(UNEVALUATED));
                }
            }
        }
        if (pending.isEmpty()) return out.toISeq();
        generation++;
        double[] answered = new double[pending.size()];
        int replayed = 0;
        while (replayed < pending.size() && count < journal.size()) {
            int i = pending.get(replayed);
            Candidate candidate = space.decode(out.get(i).genotype());
            double f = replay(candidate);
            answered[replayed++] = f;
            out.set(i, out.get(i).withFitness(f));
            listener.accept(new Evaluation(count++, generation, candidate, f, true));
        }
        int ranks = racingRanks == null ? 0 : Math.min(racingRanks.applyAsInt(proposed), pending.size());
        if (racingRanks == null) {
            score(out, pending, answered, replayed, pending.size(), Double.NEGATIVE_INFINITY);
        } else if (ranks == 0) {
            score(out, pending, answered, replayed, pending.size(), best);
        } else {
            score(out, pending, answered, replayed, ranks, Double.NEGATIVE_INFINITY);
            double worstRanked = Double.POSITIVE_INFINITY;
            for (int k = 0; k < ranks; k++) worstRanked = Math.min(worstRanked, answered[k]);
            score(out, pending, answered, Math.max(replayed, ranks), pending.size(), worstRanked);
        }
        for (double f : answered) best = Math.max(best, f);
        return out.toISeq();
    }

    /** Scores the generation's positions [from, to) as one batch against {@code threshold}. */
    private void score(MSeq<Phenotype<DoubleGene, Double>> out, List<Integer> pending, double[] answered,
            int from, int to, double threshold) {
        if (from >= to) return;
        var batch = new ArrayList<Candidate>();
        for (int k = from; k < to; k++) batch.add(space.decode(out.get(pending.get(k)).genotype()));
        double[] f = fitness.evaluate(List.copyOf(batch), threshold);
        if (f == null || f.length != batch.size()) {
            throw new IllegalStateException("batch fitness must return " + batch.size()
                    + " values, got " + (f == null ? "null" : f.length));
        }
        for (int k = 0; k < f.length; k++) {
            if (!Double.isFinite(f[k])) {
                throw new IllegalStateException(
                        "batch fitness must be finite, got " + f[k] + " for " + batch.get(k));
            }
            int i = pending.get(from + k);
            answered[from + k] = f[k];
            out.set(i, out.get(i).withFitness(f[k]));
            listener.accept(new Evaluation(count++, generation, batch.get(k), f[k], false));
        }
    }

    private double replay(Candidate proposed) {
        Evaluation entry = journal.get((int) count);
        if (entry.index() != count || !entry.candidate().equals(proposed)) {
            throw new IllegalStateException("journal entry " + entry.index() + " holds " + entry.candidate()
                    + " but evaluation " + count + " proposes " + proposed
                    + ": was the journal written with another space, strategy, seed or options?");
        }
        return entry.fitness();
    }
}
