package io.evomerge.search;

import io.jenetics.DoubleGene;
import io.jenetics.Phenotype;
import io.jenetics.engine.Evaluator;
import io.jenetics.engine.Evolution;
import io.jenetics.util.ISeq;
import java.util.SplittableRandom;

/**
 * CMA-ES over the unit cube. The search distribution lives in unbounded R^n and each sample is
 * mirrored into [0, 1] ({@link Unit#mirror}); the update uses the unbounded samples. With
 * {@link CmaEsOptions#evalStart} the start point is scored first (the samples around a good start can all be worse
 * than it, and a search should not end below where it began); it only joins the best-so-far, the distribution is
 * updated from the samples alone.
 */
record CmaEsStrategy(long seed, CmaEsOptions options) implements SearchStrategy {

    /**
     * Beyond a few periods (2) of the mirror map the mirrored samples are uniform anyway; the cap
     * keeps a long flat-fitness stretch (every merge failing alike) from growing σ to overflow.
     */
    private static final double MAX_SIGMA = 10;

    @Override
    public String name() {
        return "cmaes";
    }

    /**
     * The μ = ⌊λ/2⌋ best samples it recombines, plus the start point when it leads the first generation (it is not
     * ranked, so the worst of μ + 1 leaders still has μ samples above it).
     */
    @Override
    public int racingRanks(SearchSpace space, int size) {
        int lambda = lambda(space);
        return Math.min(size, lambda / 2 + Math.max(0, size - lambda));
    }

    private int lambda(SearchSpace space) {
        return options.lambda() == 0 ? CmaEs.defaultLambda(space.dimension()) : options.lambda();
    }

    @Override
    public Evolution<DoubleGene, Double> evolution(SearchSpace space, Evaluator<DoubleGene, Double> evaluator) {
        int n = space.dimension();
        double[] mean = space.encode(options.start());
        var cma = new CmaEs(mean, options.sigma(), lambda(space),
                MAX_SIGMA, new SplittableRandom(seed));
        boolean[] first = {true};
        return es -> {
            long t0 = System.nanoTime();
            double[][] xs = cma.ask();
            // the first generation leads with the start point when it is to be scored
            int lead = options.evalStart() && first[0] ? 1 : 0;
            first[0] = false;
            double[][] unit = new double[lead + xs.length][];
            if (lead == 1) {
                unit[0] = mean.clone();
            }
            for (int k = 0; k < xs.length; k++) {
                unit[lead + k] = new double[n];
                for (int i = 0; i < n; i++) {
                    unit[lead + k][i] = Unit.mirror(xs[k][i]);
                }
            }
            ISeq<Phenotype<DoubleGene, Double>> evaluated = Generations.evaluate(evaluator, unit, es.generation());
            double[] fitness = Generations.fitness(evaluated);
            double[] loss = new double[xs.length];
            for (int k = 0; k < xs.length; k++) {
                loss[k] = -fitness[lead + k]; // CMA-ES minimises; the search maximises fitness
            }
            cma.tell(xs, loss);
            return Generations.result(evaluated, es.generation(), t0);
        };
    }
}
