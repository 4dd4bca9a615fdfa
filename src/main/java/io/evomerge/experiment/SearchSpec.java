package io.evomerge.experiment;

import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergeSettings;
import io.evomerge.search.StrategyOptions;

/**
 * One search of an experiment: which method, its fixed settings and λ, the genes it varies, and the strategy's
 * options with its budget; {@code searchesTest} marks a search scored on the test split (refused without
 * --allow-test-search). A {@code grid} search is the papers' baseline (a small grid on validation); the others are
 * the ES. {@code key} is where the file declares it ({@code search[1]}, {@code merges[0]}), for messages.
 * {@code racing} scores candidates in racing stages ({@code Race}); {@code pareto} (or null) adds its Pareto front
 * and the row of a point chosen from it. {@code repeats} runs the search that many times with seeds {@code seed}, {@code seed + 1}, … (a grid runs once).
 */
public record SearchSpec(String key, String name, String label, boolean grid, MergeMethod method, MergeSettings fixed,
                         double lambda, Genes genes, StrategyOptions options, long budget, long seed,
                         boolean searchesTest, int repeats, boolean racing, Pareto pareto) {

    /**
     * Repeat {@code k} (0-based) as a search of its own: the first is this search; repeat k ≥ 1 runs with seed
     * {@code seed + k} and is named {@code <name>/repeat-<k+1>}, its journal folder under {@code searches/}.
     */
    public SearchSpec repeat(int k) {
        if (k < 0 || k >= repeats) throw new IllegalArgumentException("repeat " + k + " of " + repeats);
        return k == 0 ? this : new SearchSpec(key, name + "/repeat-" + (k + 1), label, grid, method, fixed, lambda,
                genes, options, budget, seed + k, searchesTest, 1, racing, pareto);
    }

    /** This search run {@code n} times (a grid is deterministic and stays at one). */
    public SearchSpec withRepeats(int n) {
        return grid ? this : new SearchSpec(key, name, label, grid, method, fixed, lambda, genes, options, budget, seed,
                searchesTest, n, racing, pareto);
    }

    /** The strategy's registry name. */
    public String strategy() {
        return options.strategy();
    }
}
