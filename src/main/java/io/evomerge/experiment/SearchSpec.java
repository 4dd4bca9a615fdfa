package io.evomerge.experiment;

import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergeSettings;

import java.util.Map;

/**
 * One search of an experiment: which method, its fixed settings and λ, the genes it varies, and the strategy with
 * its budget; {@code searchesTest} marks a search scored on the test split (refused without --allow-test-search).
 * A {@code grid} search is the papers' baseline (a small grid on validation); the others are the ES.
 */
public record SearchSpec(String name, String label, boolean grid, MergeMethod method, MergeSettings fixed,
                         double lambda, Genes genes, String strategy, long budget, long seed, Map<String, Object> options,
                         boolean searchesTest) {
    public SearchSpec {
        options = Map.copyOf(options);
    }
}
