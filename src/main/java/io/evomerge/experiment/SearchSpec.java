package io.evomerge.experiment;

import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergeSettings;
import io.evomerge.search.StrategyOptions;

/**
 * One search of an experiment: which method, its fixed settings and λ, the genes it varies, and the strategy's
 * options with its budget; {@code searchesTest} marks a search scored on the test split (refused without
 * --allow-test-search). A {@code grid} search is the papers' baseline (a small grid on validation); the others are
 * the ES. {@code key} is where the file declares it ({@code search[1]}, {@code merges[0]}), for messages.
 */
public record SearchSpec(String key, String name, String label, boolean grid, MergeMethod method, MergeSettings fixed,
                         double lambda, Genes genes, StrategyOptions options, long budget, long seed,
                         boolean searchesTest) {

    /** The strategy's registry name. */
    public String strategy() {
        return options.strategy();
    }
}
