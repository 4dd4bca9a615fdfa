package io.evomerge.search;

import io.evomerge.config.Range;
import io.evomerge.config.YamlNode;

import java.util.List;

/**
 * The genetic algorithm's settings: population size, tournament size, crossover rate, simulated binary
 * crossover's contiguity (η), per-gene mutation rate and the Gaussian mutation's σ in unit coordinates.
 */
public record GaOptions(int populationSize, int tournamentSize, double crossoverRate, double contiguity,
                        double mutationRate, double mutationSigma) implements StrategyOptions {
    public static final GaOptions DEFAULT = new GaOptions(20, 3, 0.8, 2.5, 0.1, 0.1);
    static final Range POPULATION = Range.closed(2, 100_000);
    static final Range TOURNAMENT = Range.closed(2, 1_000);
    static final Range RATE = Range.closed(0, 1);
    static final Range CONTIGUITY = Range.closed(0, 1_000);
    static final Range SIGMA = Range.above(0, 1);

    static GaOptions read(YamlNode o) {
        o.onlyKeys(List.of("populationSize", "tournamentSize", "crossoverRate", "contiguity", "mutationRate",
                "mutationSigma"));
        return new GaOptions(
                o.integer("populationSize", POPULATION, DEFAULT.populationSize()),
                o.integer("tournamentSize", TOURNAMENT, DEFAULT.tournamentSize()),
                o.number("crossoverRate", RATE, DEFAULT.crossoverRate()),
                o.number("contiguity", CONTIGUITY, DEFAULT.contiguity()),
                o.number("mutationRate", RATE, DEFAULT.mutationRate()),
                o.number("mutationSigma", SIGMA, DEFAULT.mutationSigma()));
    }

    @Override
    public String strategy() {
        return "ga";
    }
}
