package io.evomerge.experiment;

import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.MergeWeights;
import io.evomerge.search.Candidate;
import io.evomerge.search.SearchSpace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Between the search's genes and merge recipes: builds the {@link SearchSpace} of a {@link SearchSpec} and decodes
 * each candidate into a {@link Recipe}. Genes a search does not vary keep the spec's fixed values (weights 1).
 */
final class GenomeMapping {
    private final SearchSpec spec;
    private final int models;
    private final SearchSpace space;

    GenomeMapping(SearchSpec spec, int models) {
        this.spec = spec;
        this.models = models;
        Genes g = spec.genes();
        SearchSpace.Builder b = SearchSpace.builder();
        if (g.weights() != null) for (int i = 0; i < models; i++) b.real("w" + i, g.weights()[0], g.weights()[1]);
        if (g.lambda() != null) b.real("lambda", g.lambda()[0], g.lambda()[1]);
        if (g.ratio() != null) b.real("ratio", g.ratio()[0], g.ratio()[1], g.snap());
        if (g.density() != null) {
            if (g.densityPerModel()) for (int i = 0; i < models; i++) b.real("d" + i, g.density()[0], g.density()[1], g.snap());
            else b.real("density", g.density()[0], g.density()[1], g.snap());
        }
        if (g.nm() != null) b.choice("nm", g.nm());
        if (g.order()) b.choice("order", permutations(models));
        this.space = b.build();
    }

    SearchSpace space() {
        return space;
    }

    /** The strategy's start point where it takes one: weights 1 (clipped into bounds), as the PCB authors start. */
    Map<String, Object> start() {
        Map<String, Object> start = new LinkedHashMap<>();
        double[] w = spec.genes().weights();
        if (w != null) for (int i = 0; i < models; i++) start.put("w" + i, Math.min(Math.max(1.0, w[0]), w[1]));
        double[] l = spec.genes().lambda();
        if (l != null) start.put("lambda", Math.min(Math.max(spec.lambda(), l[0]), l[1]));
        return start;
    }

    Recipe decode(Candidate c) {
        MergeSettings s = spec.fixed();
        double[] weights = new double[models];
        Arrays.fill(weights, 1.0);
        Genes g = spec.genes();
        if (g.weights() != null) for (int i = 0; i < models; i++) weights[i] = c.real("w" + i);
        double lambda = g.lambda() != null ? c.real("lambda") : spec.lambda();
        if (g.ratio() != null) s = s.withRatio(c.real("ratio"));
        if (g.density() != null) {
            List<Double> d = new ArrayList<>();
            for (int i = 0; i < models; i++) d.add(g.densityPerModel() ? c.real("d" + i) : c.real("density"));
            s = s.withDensities(d);
        }
        if (g.nm() != null) {
            String[] nm = c.get("nm", String.class).split(":");
            s = s.withNm(Integer.parseInt(nm[0].trim()), Integer.parseInt(nm[1].trim()));
        }
        if (g.order()) {
            List<Integer> order = new ArrayList<>();
            for (Object o : (List<?>) c.get("order")) order.add(((Number) o).intValue());
            s = s.withOrder(order);
        }
        return new Recipe(s, new MergeWeights(weights, lambda));
    }

    /** All orderings of 0..n-1, in lexicographic order (n ≤ 6 keeps this at most 720). */
    static List<List<Integer>> permutations(int n) {
        if (n > 6) throw new IllegalArgumentException("searching the pruning order of " + n + " models (" + n + "! orders) is too many; fix parameters.order");
        List<List<Integer>> out = new ArrayList<>();
        permute(new ArrayList<>(), n, out);
        return Collections.unmodifiableList(out);
    }

    private static void permute(List<Integer> prefix, int n, List<List<Integer>> out) {
        if (prefix.size() == n) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (int i = 0; i < n; i++) {
            if (prefix.contains(i)) continue;
            prefix.add(i);
            permute(prefix, n, out);
            prefix.removeLast();
        }
    }
}
