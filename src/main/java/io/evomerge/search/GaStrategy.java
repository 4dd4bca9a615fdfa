package io.evomerge.search;

import io.jenetics.DoubleGene;
import io.jenetics.TournamentSelector;
import io.jenetics.engine.Engine;
import io.jenetics.engine.Evaluator;
import io.jenetics.engine.Evolution;
import io.jenetics.ext.SimulatedBinaryCrossover;
import io.jenetics.util.RandomRegistry;
import java.util.SplittableRandom;

/**
 * A Jenetics genetic algorithm: tournament selection, simulated binary crossover, Gaussian
 * mutation ({@link GaussianStep}, σ in unit coordinates), over one DoubleChromosome in the unit cube.
 */
record GaStrategy(long seed, GaOptions options) implements SearchStrategy {

    @Override
    public String name() {
        return "ga";
    }

    /**
     * The better half of the new individuals: tournaments (of {@code tournamentSize}) pick mostly from it. Unlike
     * CMA-ES's μ this is a choice, not exact: a GA's selection is random and any but the worst can win one.
     */
    @Override
    public int racingRanks(SearchSpace space, int size) {
        return (size + 1) / 2;
    }

    @Override
    public Evolution<DoubleGene, Double> evolution(SearchSpace space, Evaluator<DoubleGene, Double> evaluator) {
        Engine<DoubleGene, Double> engine = new Engine.Builder<>(evaluator, Unit.factory(space.dimension()))
                .populationSize(options.populationSize())
                .selector(new TournamentSelector<>(options.tournamentSize()))
                .alterers(new SimulatedBinaryCrossover<>(options.crossoverRate(), options.contiguity()),
                        new GaussianStep(options.mutationRate(), options.mutationSigma()))
                .maximizing()
                .executor(Runnable::run) // one thread: the scoped random below stays in effect
                .build();
        var random = new SplittableRandom(seed);
        // Every random draw of the engine (initial population, selection, alteration) comes from
        // this run's generator, so the same seed and answers reproduce the run.
        return start -> RandomRegistry.with(random).call(() -> engine.evolve(start));
    }
}
