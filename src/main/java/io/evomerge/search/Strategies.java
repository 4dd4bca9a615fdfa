package io.evomerge.search;

import io.evomerge.config.YamlNode;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The registry of search strategies by name: their options as read from a config, and the strategies. */
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

    /**
     * The named strategy's options read from {@code node} (null: all defaults); unknown keys, wrong types and
     * values out of range are refused naming the key path. {@code name} must be one of {@link #names()}.
     */
    public static StrategyOptions options(String name, YamlNode node) {
        if (node == null) return defaults(name);
        return switch (name) {
            case "cmaes" -> CmaEsOptions.read(node);
            case "ga" -> GaOptions.read(node);
            case "grid" -> GridOptions.read(node);
            case "random" -> RandomOptions.read(node);
            case "bobyqa" -> BobyqaOptions.read(node);
            default -> throw new IllegalArgumentException("strategy must be one of " + NAMES + ", got '" + name + "'");
        };
    }

    /** The named strategy's default options. */
    public static StrategyOptions defaults(String name) {
        return switch (name) {
            case "cmaes" -> CmaEsOptions.DEFAULT;
            case "ga" -> GaOptions.DEFAULT;
            case "grid" -> GridOptions.DEFAULT;
            case "random" -> RandomOptions.DEFAULT;
            case "bobyqa" -> BobyqaOptions.DEFAULT;
            case null, default -> throw new IllegalArgumentException(
                    "strategy must be one of " + NAMES + ", got '" + name + "'");
        };
    }

    /** The strategy the options are for; the seed is ignored by grid, which is deterministic by construction. */
    public static SearchStrategy create(StrategyOptions options, long seed) {
        return switch (options) {
            case CmaEsOptions o -> new CmaEsStrategy(seed, o);
            case GaOptions o -> new GaStrategy(seed, o);
            case GridOptions o -> new GridStrategy(o);
            case RandomOptions o -> new RandomStrategy(seed, o);
            case BobyqaOptions o -> new BobyqaStrategy(seed, o);
        };
    }
}
