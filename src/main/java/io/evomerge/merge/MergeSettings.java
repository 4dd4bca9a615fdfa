package io.evomerge.merge;

import java.util.List;

/**
 * The discrete settings of a merge: everything that shapes a {@link MergePlan} (masks, quantiles), as opposed to
 * the per-model weights and λ that a plan takes per candidate. Equal settings give equal plans, so this record is
 * the plan cache's key.
 *
 * @param densities per model: fraction kept (TIES trim, DARE keep probability, CABS magnitude 1 − sparsity)
 * @param ratio     PCB: fraction of each task's entries kept by the balancing score
 * @param clip      PCB: outlier clip quantile on both ends of |τ|
 * @param order     CABS: the pruning order of the models (indices)
 * @param exclude   regular expressions; matching tensors are not merged and keep the base's values
 */
public record MergeSettings(MergeMethod method, MergeMethod.Scope scope, List<Double> densities, double ratio, double clip,
                            MergeMethod.Inter inter, MergeMethod.Pruning pruning, int n, int m, List<Integer> order,
                            long seed, List<String> exclude, boolean normalize) {
    public MergeSettings {
        densities = List.copyOf(densities);
        order = List.copyOf(order);
        exclude = List.copyOf(exclude);
    }

    /** Settings with the papers' defaults for {@code models} models. */
    public static MergeSettings defaults(MergeMethod method, int models) {
        return new MergeSettings(method, method.defaultScope(),
                java.util.Collections.nCopies(models, method == MergeMethod.CABS ? 0.1 : method == MergeMethod.TIES ? 0.2 : 0.5),
                0.1, 1e-4, MergeMethod.Inter.SUM, MergeMethod.Pruning.NM, 4, 16,
                java.util.stream.IntStream.range(0, models).boxed().toList(), 0, List.of(), true);
    }

    public MergeSettings withRatio(double r) {
        return new MergeSettings(method, scope, densities, r, clip, inter, pruning, n, m, order, seed, exclude, normalize);
    }

    public MergeSettings withDensities(List<Double> d) {
        return new MergeSettings(method, scope, d, ratio, clip, inter, pruning, n, m, order, seed, exclude, normalize);
    }

    public MergeSettings withNm(int newN, int newM) {
        return new MergeSettings(method, scope, densities, ratio, clip, inter, pruning, newN, newM, order, seed, exclude, normalize);
    }

    public MergeSettings withOrder(List<Integer> o) {
        return new MergeSettings(method, scope, densities, ratio, clip, inter, pruning, n, m, o, seed, exclude, normalize);
    }
}
