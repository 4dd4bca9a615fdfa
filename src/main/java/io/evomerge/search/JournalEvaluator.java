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

/**
 * The evaluator a run hands its strategy. It numbers evaluations, answers the first
 * {@code journal.size()} from the journal, sends the rest to the caller's batch fitness, and stops
 * at the budget: individuals past it are not evaluated and get the placeholder
 * {@link #UNEVALUATED}, which {@link BudgetGuard} strips from the run's last result.
 */
final class JournalEvaluator implements Evaluator<DoubleGene, Double> {

    /** Worst under maximisation; real fitness values are finite, so the two never mix up. */
    static final double UNEVALUATED = Double.NEGATIVE_INFINITY;

    private final SearchSpace space;
    private final BatchFitness fitness;
    private final long budget;
    private final List<Evaluation> journal;
    private final Consumer<? super Evaluation> listener;
    private long count;
    private int generation;

    JournalEvaluator(SearchSpace space, BatchFitness fitness, long budget,
            List<Evaluation> journal, Consumer<? super Evaluation> listener) {
        this.space = space;
        this.fitness = fitness;
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

    @Override
    public ISeq<Phenotype<DoubleGene, Double>> eval(Seq<Phenotype<DoubleGene, Double>> population) {
        MSeq<Phenotype<DoubleGene, Double>> out = MSeq.of(population);
        var pending = new ArrayList<Integer>();
        for (int i = 0; i < out.length(); i++) {
            if (out.get(i).nonEvaluated()) {
                if (count + pending.size() < budget) {
                    pending.add(i);
                } else {
                    out.set(i, out.get(i).withFitness(UNEVALUATED));
                }
            }
        }
        if (!pending.isEmpty()) generation++;
        var fresh = new ArrayList<Integer>();
        var batch = new ArrayList<Candidate>();
        for (int i : pending) {
            Candidate candidate = space.decode(out.get(i).genotype());
            if (count < journal.size()) {
                double f = replay(candidate);
                out.set(i, out.get(i).withFitness(f));
                listener.accept(new Evaluation(count++, generation, candidate, f, true));
            } else {
                fresh.add(i);
                batch.add(candidate);
            }
        }
        if (!batch.isEmpty()) {
            double[] f = fitness.evaluate(List.copyOf(batch));
            if (f == null || f.length != batch.size()) {
                throw new IllegalStateException("batch fitness must return " + batch.size()
                        + " values, got " + (f == null ? "null" : f.length));
            }
            for (int k = 0; k < f.length; k++) {
                if (!Double.isFinite(f[k])) {
                    throw new IllegalStateException(
                            "batch fitness must be finite, got " + f[k] + " for " + batch.get(k));
                }
                out.set(fresh.get(k), out.get(fresh.get(k)).withFitness(f[k]));
                listener.accept(new Evaluation(count++, generation, batch.get(k), f[k], false));
            }
        }
        return out.toISeq();
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
