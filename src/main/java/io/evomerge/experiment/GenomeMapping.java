package io.evomerge.experiment;

import io.evomerge.merge.LayerWeights;
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
 * each candidate into a {@link Recipe}. Parameters a search does not vary keep the spec's fixed values (weights 1).
 */
final class GenomeMapping {
    private final SearchSpec spec;
    private final int models;
    private final SearchSpace space;

    GenomeMapping(SearchSpec spec, int models) {
        this.spec = spec;
        this.models = models;
        Genes genes = spec.genes();
        SearchSpace.Builder b = SearchSpace.builder();
        for (Genes.Gene g : genes.genes()) {
            switch (g.kind()) {
                case SHARED -> {
                    for (String name : groupNames(g.key(), g)) {
                        if (g.candidate()) b.real(name, g.lo(), g.hi());
                        else b.real(name, g.lo(), g.hi(), genes.snap());
                    }
                }
                case PER_MODEL -> {
                    for (int i = 0; i < models; i++) {
                        for (String name : perModelNames(g, i)) {
                            if (g.candidate()) b.real(name, g.lo(), g.hi());
                            else b.real(name, g.lo(), g.hi(), genes.snap());
                        }
                    }
                }
                case CHOICE -> b.choice(g.key(), g.values());
                case PERMUTATION -> b.choice(g.key(), permutations(models));
            }
        }
        this.space = b.build();
    }

    private static String perModelName(Genes.Gene g, int model) {
        return g.parameters().getFirst().charAt(0) + Integer.toString(model);
    }

    /** Model {@code model}'s gene names: w0, or with layer groups w0_g0, w0_g1, … (first layers first). */
    private static List<String> perModelNames(Genes.Gene g, int model) {
        return groupNames(perModelName(g, model), g);
    }

    /** {@code name}, or with layer groups name_g0, name_g1, … (a shared gene: ratio_g0, …). */
    private static List<String> groupNames(String name, Genes.Gene g) {
        if (g.layerGroups() == 1) return List.of(name);
        List<String> names = new ArrayList<>();
        for (int j = 0; j < g.layerGroups(); j++) names.add(name + "_g" + j);
        return names;
    }

    SearchSpace space() {
        return space;
    }

    /**
     * The strategy's start point where it takes one: weights 1 and λ at the spec's value (clipped into bounds), as
     * the PCB authors start; plan parameters have none.
     */
    Map<String, Object> start() {
        Map<String, Object> start = new LinkedHashMap<>();
        for (Genes.Gene g : spec.genes().genes()) {
            if (!g.candidate()) continue;
            double at = g.parameters().getFirst().equals("lambda") ? spec.lambda() : 1.0;
            double clipped = Math.min(Math.max(at, g.lo()), g.hi());
            if (g.kind() == Genes.Kind.PER_MODEL) {
                for (int i = 0; i < models; i++) for (String name : perModelNames(g, i)) start.put(name, clipped);
            } else {
                start.put(g.key(), clipped);
            }
        }
        return start;
    }

    Recipe decode(Candidate c) {
        MergeSettings s = spec.fixed();
        double[] weights = new double[models];
        Arrays.fill(weights, 1.0);
        double lambda = spec.lambda();
        List<List<Double>> groups = null;
        Map<String, List<List<Double>>> planLayers = new LinkedHashMap<>();
        for (Genes.Gene g : spec.genes().genes()) {
            String parameter = g.parameters().getFirst();
            if (g.layerGroups() > 1) {
                List<List<Double>> lists = new ArrayList<>();
                for (int i = 0; i < (g.kind() == Genes.Kind.SHARED ? 1 : models); i++) {
                    List<Double> v = new ArrayList<>();
                    for (String name : g.kind() == Genes.Kind.SHARED ? groupNames(g.key(), g) : perModelNames(g, i)) {
                        v.add(c.real(name));
                    }
                    lists.add(v);
                }
                if (g.candidate()) {
                    groups = lists;
                } else {
                    // the plain settings hold the first layers' values; the gradients say the rest
                    List<Double> first = lists.stream().map(List::getFirst).toList();
                    boolean perModel = spec.method().parameter(parameter).orElseThrow().perModel();
                    s = s.with(parameter, perModel && g.kind() == Genes.Kind.SHARED
                            ? java.util.Collections.nCopies(models, first.getFirst()) : perModel ? first : first.getFirst());
                    planLayers.put(parameter, perModel && g.kind() == Genes.Kind.SHARED
                            ? java.util.Collections.nCopies(models, lists.getFirst()) : lists);
                }
                continue;
            }
            switch (g.kind()) {
                case SHARED, PER_MODEL -> {
                    List<Double> v = new ArrayList<>();
                    for (int i = 0; i < models; i++) {
                        v.add(c.real(g.kind() == Genes.Kind.SHARED ? g.key() : perModelName(g, i)));
                    }
                    if (parameter.equals("weight") && spec.method().parameter("weight").orElseThrow().candidate()) {
                        for (int i = 0; i < models; i++) weights[i] = v.get(i);
                    } else if (parameter.equals("lambda")) {
                        lambda = v.getFirst();
                    } else {
                        s = s.with(parameter, spec.method().parameter(parameter).orElseThrow().perModel() ? v : v.getFirst());
                    }
                }
                case CHOICE -> {
                    String value = c.get(g.key(), String.class);
                    String[] parts = value.split(":");
                    for (int k = 0; k < g.parameters().size(); k++) s = s.with(g.parameters().get(k), choiceValue(s, g.parameters().get(k), parts[k].trim()));
                }
                case PERMUTATION -> {
                    List<Integer> order = new ArrayList<>();
                    for (Object o : (List<?>) c.get(g.key())) order.add(((Number) o).intValue());
                    s = s.with(parameter, order);
                }
            }
        }
        return new Recipe(s, new MergeWeights(weights, lambda), groups == null ? null : new LayerWeights(groups, lambda),
                planLayers);
    }

    /** A listed value as its parameter's type: whole numbers for INTEGER parameters, the word otherwise. */
    private static Object choiceValue(MergeSettings s, String parameter, String text) {
        return switch (s.method().parameter(parameter).orElseThrow().type()) {
            case INTEGER -> Long.parseLong(text);
            case REAL -> Double.parseDouble(text);
            default -> text;
        };
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
