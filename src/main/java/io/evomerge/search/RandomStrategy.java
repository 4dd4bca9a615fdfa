package io.evomerge.search;

import io.jenetics.DoubleGene;
import io.jenetics.engine.Evaluator;
import io.jenetics.engine.Evolution;
import java.util.SplittableRandom;

/** Uniform random search: generations of {@code batch} independent uniform unit points. */
record RandomStrategy(long seed, RandomOptions options) implements SearchStrategy {

    @Override
    public String name() {
        return "random";
    }

    @Override
    public Evolution<DoubleGene, Double> evolution(SearchSpace space, Evaluator<DoubleGene, Double> evaluator) {
        var random = new SplittableRandom(seed);
        return start -> {
            long t0 = System.nanoTime();
            double[][] points = new double[options.batch()][space.dimension()];
            for (double[] p : points) {
                for (int i = 0; i < p.length; i++) {
                    p[i] = random.nextDouble();
                }
            }
            return Generations.result(Generations.evaluate(evaluator, points, start.generation()),
                    start.generation(), t0);
        };
    }
}
