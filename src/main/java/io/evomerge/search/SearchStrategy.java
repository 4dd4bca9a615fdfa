package io.evomerge.search;

import io.jenetics.DoubleGene;
import io.jenetics.engine.Evaluator;
import io.jenetics.engine.Evolution;

/**
 * A seeded search method. Obtain one from {@link Strategies#create}; run it with {@link Search}.
 */
public interface SearchStrategy {

    /** The registry name: "cmaes", "ga", "grid", "random" or "bobyqa". */
    String name();

    /**
     * A fresh, stateful evolution over the unit-cube genotype of {@code space}, seeded anew on
     * every call: fed {@code EvolutionStart.empty()} and then each result's {@code next()}, it
     * proposes the same generations in the same order whenever {@code evaluator} answers the same.
     * Each {@code evolve} hands the evaluator the generation's new individuals as one batch.
     */
    Evolution<DoubleGene, Double> evolution(SearchSpace space, Evaluator<DoubleGene, Double> evaluator);

    /**
     * Racing: how many of the best of a generation of {@code size} new candidates this strategy's next step depends
     * on (CMA-ES: the μ it recombines). A race scores that many of the generation in full first and stops the others
     * only when they surely fall below the worst of those, so the ranking the strategy uses is the full scores'. 0
     * (local searches, the default): only the best so far matters, and the race stops what surely falls below it.
     */
    default int racingRanks(SearchSpace space, int size) {
        return 0;
    }
}
