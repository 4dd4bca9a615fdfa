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
record GaStrategy(long seed, int populationSize, int tournamentSize, double crossoverRate, double contiguity,
        double mutationRate, double mutationSigma) implements SearchStrategy {

    static GaStrategy from(long seed, Options o) {
        o.allow("populationSize", "tournamentSize", "crossoverRate", "contiguity", "mutationRate", "mutationSigma");
        return new GaStrategy(seed,
                o.integer("populationSize", 20, 2, 100_000),
                o.integer("tournamentSize", 3, 2, 1_000),
                o.real("crossoverRate", 0.8, 0, 1, false),
                o.real("contiguity", 2.5, 0, 1_000, false),
                o.real("mutationRate", 0.1, 0, 1, false),
                o.real("mutationSigma", 0.1, 0, 1, true));
    }

    @Override
    public String name() {
        return "ga";
    }

    @Override
    public Evolution<DoubleGene, Double> evolution(SearchSpace space, Evaluator<DoubleGene, Double> evaluator) {
        Engine<DoubleGene, Double> engine = new Engine.Builder<>(evaluator, Unit.factory(space.dimension()))
                .populationSize(populationSize)
                .selector(new TournamentSelector<>(tournamentSize))
                .alterers(new SimulatedBinaryCrossover<>(crossoverRate, contiguity),
                        new GaussianStep(mutationRate, mutationSigma))
                .maximizing()
                .executor(Runnable::run) // one thread: the scoped random below stays in effect
                .build();
        var random = new SplittableRandom(seed);
        // Every random draw of the engine (initial population, selection, alteration) comes from
        // this run's generator, so the same seed and answers reproduce the run.
        return start -> RandomRegistry.with(random).call(() -> engine.evolve(start));
    }
}
