package io.evomerge.search;

import io.jenetics.DoubleGene;
import io.jenetics.engine.Evaluator;
import io.jenetics.engine.Evolution;
import java.util.SplittableRandom;

/**
 * Bound-constrained derivative-free local search in the unit cube: BOBYQA for 2+ genes, Brent's
 * method for 1 gene (BOBYQA's quadratic model needs 2+ dimensions). Proposes one candidate per
 * generation; restarts from a seeded random point after convergence.
 */
record BobyqaStrategy(long seed, BobyqaOptions options) implements SearchStrategy {

    @Override
    public String name() {
        return "bobyqa";
    }

    @Override
    public Evolution<DoubleGene, Double> evolution(SearchSpace space, Evaluator<DoubleGene, Double> evaluator) {
        int n = space.dimension();
        LocalSearch search;
        if (n == 1) {
            search = LocalSearch.brent(options.stopRadius());
        } else {
            search = LocalSearch.bobyqa(options.points(n), options.radius(), options.stopRadius());
        }
        return new ReplayedLocalSearch(search, space.encode(options.start()), new SplittableRandom(seed), evaluator);
    }
}
