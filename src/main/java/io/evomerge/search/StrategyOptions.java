package io.evomerge.search;

import java.util.Map;

/**
 * A strategy's settings, checked when the config is read ({@link Strategies#options}); {@link Strategies#create}
 * builds the strategy from them.
 */
public sealed interface StrategyOptions permits CmaEsOptions, GaOptions, GridOptions, RandomOptions, BobyqaOptions {

    /** The registry name of the strategy these options are for. */
    String strategy();

    /**
     * Refuses what only the search space can tell (a start or grid value naming no gene or outside its bounds,
     * BOBYQA's interpolation points for this many genes), with a message naming the option.
     */
    default void check(SearchSpace space) {
    }

    /** These options with {@code start} as the start point unless they give their own (strategies that take one). */
    default StrategyOptions withDefaultStart(Map<String, ?> start) {
        return this;
    }
}
