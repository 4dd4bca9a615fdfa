package io.evomerge.search;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/** The registry of search strategies by name. */
public final class Strategies {

    /** The strategy used when the experiment names none. */
    public static final String DEFAULT = "cmaes";

    private static final SortedSet<String> NAMES =
            Collections.unmodifiableSortedSet(new TreeSet<>(List.of(
                    "cmaes", "ga", "grid", "random", "bobyqa")));

    private Strategies() {}

    public static SortedSet<String> names() {
        return NAMES;
    }

    /** The named strategy with default options. */
    public static SearchStrategy create(String name, long seed) {
        return create(name, seed, Map.of());
    }

    /**
     * The named strategy. Options per strategy (all optional):
     * <ul>
     *   <li>cmaes: lambda (int ≥ 2, default 4 + ⌊3 ln n⌋), sigma ((0, 1], 0.3), start (gene → value)
     *   <li>ga: populationSize (20), tournamentSize (3), crossoverRate (0.8), contiguity (SBX η, 2.5),
     *       mutationRate (0.1), mutationSigma ((0, 1], 0.1)
     *   <li>grid: batch (8), points per real gene (5), values (gene → list of values)
     *   <li>random: batch (8)
     *   <li>bobyqa: radius ((0, 0.5], 0.2), stopRadius (1e-3), interpolationPoints (2n + 1), start
     * </ul>
     * The seed is ignored by grid, which is deterministic by construction.
     */
    public static SearchStrategy create(String name, long seed, Map<String, ?> options) {
        var o = new Options(String.valueOf(name), options);
        return switch (name) {
            case "cmaes" -> CmaEsStrategy.from(seed, o);
            case "ga" -> GaStrategy.from(seed, o);
            case "grid" -> GridStrategy.from(o);
            case "random" -> RandomStrategy.from(seed, o);
            case "bobyqa" -> BobyqaStrategy.from(seed, o);
            case null, default -> throw new IllegalArgumentException(
                    "strategy must be one of " + NAMES + ", got '" + name + "'");
        };
    }
}
