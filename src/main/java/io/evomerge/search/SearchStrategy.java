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
}
