package io.evomerge.search;

import io.jenetics.DoubleGene;
import io.jenetics.Mutator;
import java.util.random.RandomGenerator;

/**
 * Gaussian mutation as a step from the current value, x' = mirror(x + σ·N(0, 1)). Jenetics 9's
 * {@code GaussianMutator} instead draws a fresh value around the centre of the gene's range, which
 * forgets the parent and makes the GA no better than random search.
 */
final class GaussianStep extends Mutator<DoubleGene, Double> {

    private final double sigma;

    GaussianStep(double probability, double sigma) {
        super(probability);
        this.sigma = sigma;
    }

    @Override
    protected DoubleGene mutate(DoubleGene gene, RandomGenerator random) {
        return gene.newInstance(Unit.mirror(gene.doubleValue() + sigma * random.nextGaussian()));
    }
}
