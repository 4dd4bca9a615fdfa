package io.evomerge.search;

import io.jenetics.DoubleGene;
import io.jenetics.engine.Evaluator;
import io.jenetics.engine.Evolution;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.EvolutionStart;
import java.util.List;
import java.util.Map;

/**
 * Cartesian grid search in a fixed order: genes in declaration order, the last varying fastest
 * (as nested loops). Axis values come from {@code values}; otherwise a choice takes all its
 * options and a real gene {@code points} evenly spaced values from lo to hi.
 */
record GridStrategy(GridOptions options) implements SearchStrategy {

    @Override
    public String name() {
        return "grid";
    }

    @Override
    public Evolution<DoubleGene, Double> evolution(SearchSpace space, Evaluator<DoubleGene, Double> evaluator) {
        return new Walk(axes(space), options.batch(), evaluator);
    }

    /** Walks the grid in index order, {@code batch} points a generation. */
    private static final class Walk implements Evolution<DoubleGene, Double> {
        private final double[][] axes;
        private final int batch;
        private final Evaluator<DoubleGene, Double> evaluator;
        private final long size;
        private long next;

        Walk(double[][] axes, int batch, Evaluator<DoubleGene, Double> evaluator) {
            this.axes = axes;
            this.batch = batch;
            this.evaluator = evaluator;
            long product = 1;
            for (double[] axis : axes) {
                if (product > Long.MAX_VALUE / axis.length) {
                    throw new IllegalArgumentException("grid must have at most " + Long.MAX_VALUE
                            + " points; give fewer 'values' or 'points'");
                }
                product *= axis.length;
            }
            this.size = product;
        }

        @Override
        public EvolutionResult<DoubleGene, Double> evolve(EvolutionStart<DoubleGene, Double> start) {
            long t0 = System.nanoTime();
            if (next >= size) { // the grid is done: propose nothing, which ends the run
                return Generations.result(start.population(), start.generation(), t0);
            }
            double[][] points = new double[(int) Math.min(batch, size - next)][];
            for (int k = 0; k < points.length; k++) {
                points[k] = point(next++);
            }
            return Generations.result(Generations.evaluate(evaluator, points, start.generation()),
                    start.generation(), t0);
        }

        /** The index-th grid point: index in mixed radix, last gene least significant. */
        private double[] point(long index) {
            double[] p = new double[axes.length];
            for (int i = axes.length - 1; i >= 0; i--) {
                p[i] = axes[i][(int) (index % axes[i].length)];
                index /= axes[i].length;
            }
            return p;
        }
    }

    private double[][] axes(SearchSpace space) {
        options.check(space);
        Map<String, List<Object>> values = options.values();
        int points = options.points();
        double[][] axes = new double[space.dimension()][];
        for (int i = 0; i < axes.length; i++) {
            Param p = space.params().get(i);
            if (values.containsKey(p.name())) {
                axes[i] = values.get(p.name()).stream().mapToDouble(p::encode).toArray();
            } else if (p instanceof Param.Choice choice) {
                axes[i] = choice.options().stream().mapToDouble(p::encode).toArray();
            } else {
                axes[i] = new double[points];
                for (int k = 0; k < points; k++) {
                    axes[i][k] = points == 1 ? 0.5 : (double) k / (points - 1);
                }
            }
        }
        return axes;
    }
}
