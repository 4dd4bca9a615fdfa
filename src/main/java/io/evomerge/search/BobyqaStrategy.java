package io.evomerge.search;

import io.jenetics.DoubleGene;
import io.jenetics.engine.Evaluator;
import io.jenetics.engine.Evolution;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bound-constrained derivative-free local search in the unit cube: BOBYQA for 2+ genes, Brent's
 * method for 1 gene (BOBYQA's quadratic model needs 2+ dimensions). Proposes one candidate per
 * generation; restarts from a seeded random point after convergence.
 *
 * @param radius              initial trust-region radius (unit coordinates)
 * @param stopRadius          final trust-region radius (Brent: absolute accuracy)
 * @param interpolationPoints BOBYQA interpolation points; 0 = 2n + 1
 * @param start               first run's start as gene values; genes left out start at the centre
 */
record BobyqaStrategy(long seed, double radius, double stopRadius, int interpolationPoints, Map<String, ?> start)
        implements SearchStrategy {

    static BobyqaStrategy from(long seed, Options o) {
        o.allow("radius", "stopRadius", "interpolationPoints", "start");
        double radius = o.real("radius", 0.2, 0, 0.5, true);
        return new BobyqaStrategy(seed, radius, o.real("stopRadius", 1e-3, 0, radius, true),
                o.integer("interpolationPoints", 0, 0, 1_000_000), o.map("start"));
    }

    @Override
    public String name() {
        return "bobyqa";
    }

    @Override
    public Evolution<DoubleGene, Double> evolution(SearchSpace space, Evaluator<DoubleGene, Double> evaluator) {
        int n = space.dimension();
        LocalSearch search;
        if (n == 1) {
            search = LocalSearch.brent(stopRadius);
        } else {
            int max = (n + 1) * (n + 2) / 2;
            int points = interpolationPoints == 0 ? 2 * n + 1 : interpolationPoints;
            if (points < n + 2 || points > max) {
                throw new IllegalArgumentException("bobyqa option 'interpolationPoints' must be 0 or in ["
                        + (n + 2) + ", " + max + "] for " + n + " genes, got " + interpolationPoints);
            }
            search = LocalSearch.bobyqa(points, radius, stopRadius);
        }
        return new ReplayedLocalSearch(search, space.encode(start), new SplittableRandom(seed), evaluator);
    }
}
