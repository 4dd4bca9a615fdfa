package io.evomerge.search;

import io.jenetics.DoubleGene;
import io.jenetics.Phenotype;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.EvolutionStart;
import io.jenetics.engine.Evaluator;
import io.jenetics.engine.Evolution;
import io.jenetics.util.ISeq;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Turns a callback-driven {@link LocalSearch} into generations of one point. commons-math has no
 * ask/tell interface, so each step re-runs the (deterministic) optimiser from its start with the
 * answers so far and stops it at the first point it has no answer for; that point is the next
 * proposal. A re-run costs optimiser arithmetic only, never a fitness evaluation. When a run
 * converges, the next starts from a uniform random point (restarts spend the rest of the budget).
 */
final class ReplayedLocalSearch implements Evolution<DoubleGene, Double> {

    private final LocalSearch search;
    private final RandomGenerator random;
    private final Evaluator<DoubleGene, Double> evaluator;
    private double[] runStart;
    private final List<double[]> asked = new ArrayList<>();
    private final List<Double> losses = new ArrayList<>();

    ReplayedLocalSearch(LocalSearch search, double[] start, RandomGenerator random,
            Evaluator<DoubleGene, Double> evaluator) {
        this.search = search;
        this.runStart = start.clone();
        this.random = random;
        this.evaluator = evaluator;
    }

    @Override
    public EvolutionResult<DoubleGene, Double> evolve(EvolutionStart<DoubleGene, Double> start) {
        long t0 = System.nanoTime();
        double[] next = nextPoint();
        ISeq<Phenotype<DoubleGene, Double>> evaluated =
                Generations.evaluate(evaluator, new double[][] {next}, start.generation());
        asked.add(next);
        losses.add(-evaluated.get(0).fitness()); // the optimisers minimise
        return Generations.result(evaluated, start.generation(), t0);
    }

    private double[] nextPoint() {
        while (true) {
            try {
                search.minimize(new Replay(), runStart);
            } catch (Unanswered pending) {
                return pending.point;
            }
            asked.clear();
            losses.clear();
            runStart = random.doubles(runStart.length).toArray();
        }
    }

    /** Answers the run's k-th query from history; the first new query stops the run. */
    private final class Replay implements ToDoubleFunction<double[]> {
        private int k;

        @Override
        public double applyAsDouble(double[] x) {
            if (k == asked.size()) {
                throw new Unanswered(x);
            }
            if (!Arrays.equals(x, asked.get(k))) {
                throw new IllegalStateException("local search re-run diverged at query " + k);
            }
            return losses.get(k++);
        }
    }

    /** Control transfer out of the optimiser; no stack trace needed. */
    private static final class Unanswered extends RuntimeException {
        private final transient double[] point;

        Unanswered(double[] point) {
            super(null, null, false, false);
            this.point = point;
        }
    }
}
