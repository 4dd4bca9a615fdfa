package io.evomerge.search;

import io.jenetics.DoubleGene;
import io.jenetics.Optimize;
import io.jenetics.Phenotype;
import io.jenetics.engine.EvolutionDurations;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.Evaluator;
import io.jenetics.util.ISeq;
import java.time.Duration;

/** Evaluates a proposed generation of unit points and wraps it as a Jenetics result. */
final class Generations {

    private Generations() {}

    /** The evaluated generation, in proposal order. */
    static ISeq<Phenotype<DoubleGene, Double>> evaluate(
            Evaluator<DoubleGene, Double> evaluator, double[][] points, long generation) {
        ISeq<Phenotype<DoubleGene, Double>> proposed = ISeq.of(points).map(
                p -> Phenotype.<DoubleGene, Double>of(Unit.genotype(p), generation));
        return evaluator.eval(proposed);
    }

    static double[] fitness(ISeq<Phenotype<DoubleGene, Double>> evaluated) {
        return evaluated.stream().mapToDouble(Phenotype::fitness).toArray();
    }

    static EvolutionResult<DoubleGene, Double> result(
            ISeq<Phenotype<DoubleGene, Double>> population, long generation, long startNanos) {
        Duration z = Duration.ZERO;
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        return EvolutionResult.of(Optimize.MAXIMUM, population, generation,
                new EvolutionDurations(z, z, z, z, z, took, took), 0, 0, 0);
    }
}
