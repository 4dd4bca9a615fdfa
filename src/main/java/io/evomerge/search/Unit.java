package io.evomerge.search;

import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.util.DoubleRange;

/** The unit-cube genotype every strategy proposes: one {@link DoubleChromosome} over [0, 1]. */
final class Unit {

    /** DoubleGene ranges are half-open, so the upper end is the next double after 1. */
    static final DoubleRange RANGE = new DoubleRange(0, Math.nextUp(1.0));

    private Unit() {}

    static Genotype<DoubleGene> genotype(double[] unit) {
        var genes = new DoubleGene[unit.length];
        for (int i = 0; i < unit.length; i++) {
            genes[i] = DoubleGene.of(unit[i], RANGE);
        }
        return Genotype.of(DoubleChromosome.of(genes));
    }

    /** A random-init factory for genetic engines. */
    static Genotype<DoubleGene> factory(int dimension) {
        return Genotype.of(DoubleChromosome.of(RANGE, dimension));
    }

    static double[] point(Genotype<DoubleGene> genotype) {
        var chromosome = genotype.chromosome();
        double[] unit = new double[chromosome.length()];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = chromosome.get(i).doubleValue();
        }
        return unit;
    }

    /**
     * Reflects an unbounded coordinate into [0, 1]: the triangle wave of period 2 (mirror boundary
     * handling). It is continuous and piecewise isometric, so a Gaussian search distribution keeps
     * its local shape, unlike clipping, which piles mass onto the bounds.
     */
    static double mirror(double x) {
        double t = x - 2 * Math.floor(x / 2);
        return t <= 1 ? t : 2 - t;
    }
}
