package io.evomerge.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evomerge.EvomergeException;
import io.evomerge.merge.MergeConfigReader;
import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.Parameter;
import io.evomerge.search.Strategies;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an experiment's {@code merges:} (baselines at the papers' defaults, each optionally with a small grid) and
 * {@code search:} (the evolutionary searches) sections:
 * <pre>
 * merges:
 *   - method: ties
 *     parameters: {density: 0.2, lambda: 1.0}
 *     grid: {lambda: [0.7, 1.0, 1.3], density: [0.1, 0.2]}
 * search:
 *   - name: pcb-es
 *     label: PCB+ES
 *     method: pcb
 *     parameters: {ratio: 0.1}
 *     genes: {weights: [0.5, 3.0]}           # also: lambda, ratio, density, densities, nm, order, snap
 *     strategy: cmaes                        # or strategies: [cmaes, grid, bobyqa, random]
 *     budget: 100
 * </pre>
 */
public final class SearchSpecs {
    private static final Set<String> MERGE_KEYS = Set.of("method", "label", "parameters", "grid");
    private static final Set<String> SEARCH_KEYS = Set.of("name", "label", "method", "parameters", "genes", "strategy",
            "strategies", "budget", "options", "seed", "split");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The parsed sections. */
    public record Parsed(List<BaselineSpec> baselines, List<SearchSpec> searches) {
    }

    private SearchSpecs() {
    }

    public static Parsed parse(Path where, JsonNode merges, JsonNode search, int models, long seed) {
        List<BaselineSpec> baselines = new ArrayList<>();
        List<SearchSpec> searches = new ArrayList<>();
        if (merges != null && !merges.isMissingNode() && !merges.isNull()) {
            if (!merges.isArray()) throw error(where, "merges", "must be a list of {method, parameters, grid}");
            for (int i = 0; i < merges.size(); i++) {
                String key = "merges[" + i + "]";
                JsonNode m = merges.get(i);
                only(where, key, m, MERGE_KEYS);
                MergeMethod method = method(where, key, m);
                var settings = MergeConfigReader.settings(where, key + ".parameters", method, m.path("parameters"), models);
                String label = m.has("label") ? m.get("label").asText() : method.label();
                baselines.add(new BaselineSpec(label, method, settings.settings(), settings.lambda()));
                if (m.has("grid")) searches.add(grid(where, key + ".grid", m.get("grid"), label, method, settings, seed));
            }
        }
        if (search != null && !search.isMissingNode() && !search.isNull()) {
            if (!search.isArray()) throw error(where, "search", "must be a list of searches");
            Set<String> names = new TreeSet<>();
            for (int i = 0; i < search.size(); i++) {
                for (SearchSpec s : search(where, "search[" + i + "]", search.get(i), models, seed)) {
                    if (!names.add(s.name())) throw error(where, "search[" + i + "].name", "'" + s.name() + "' is used twice");
                    searches.add(s);
                }
            }
        }
        return new Parsed(baselines, searches);
    }

    private static SearchSpec grid(Path where, String key, JsonNode grid, String label, MergeMethod method,
                                   MergeConfigReader.Settings fixed, long seed) {
        List<String> gridKeys = GeneKeys.gridKeys(method);
        only(where, key, grid, Set.copyOf(gridKeys), method.configName() + "'s grid keys");
        Map<String, List<Double>> values = new LinkedHashMap<>();
        long points = 1;
        for (Iterator<String> it = grid.fieldNames(); it.hasNext(); ) {
            String gene = it.next();
            JsonNode list = grid.get(gene);
            if (!list.isArray() || list.size() < 2) throw error(where, key + "." + gene, "must list at least two values");
            List<Double> v = new ArrayList<>();
            for (JsonNode x : list) {
                if (!x.isNumber()) throw error(where, key + "." + gene, "'" + x.asText() + "' is not a number");
                v.add(x.asDouble());
            }
            values.put(gene, v);
            points *= v.size();
        }
        List<Genes.Gene> axes = new ArrayList<>();
        for (String gene : gridKeys) {
            GeneKeys.Template t = GeneKeys.of(method).get(gene);
            if (!values.containsKey(gene)) continue;
            for (double x : values.get(gene)) {
                if (!t.parameter().inRange(x)) throw error(where, key + "." + gene, x + " is out of range " + t.parameter().range());
            }
            double[] b = bounds(values.get(gene));
            axes.add(new Genes.Gene(gene, t.parameters(), Genes.Kind.SHARED, b[0], b[1], List.of(), t.parameter().candidate()));
        }
        Genes genes = new Genes(axes, 0);
        Map<String, Object> options = Map.of("values", values);
        String name = label.toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-grid";
        return new SearchSpec(name, label + " (grid)", true, method, fixed.settings(), fixed.lambda(), genes, "grid",
                points, seed, options, false);
    }

    private static double[] bounds(List<Double> values) {
        if (values == null) return null;
        return new double[]{values.stream().mapToDouble(d -> d).min().orElseThrow(), values.stream().mapToDouble(d -> d).max().orElseThrow()};
    }

    private static List<SearchSpec> search(Path where, String key, JsonNode s, int models, long seed) {
        only(where, key, s, SEARCH_KEYS);
        MergeMethod method = method(where, key, s);
        if (!s.has("name")) throw error(where, key + ".name", "is required (it names results/<run>/searches/<name>/)");
        String name = s.get("name").asText();
        if (!name.matches("[A-Za-z0-9._-]+")) throw error(where, key + ".name", "'" + name + "' may hold only letters, digits, '.', '_' and '-'");
        var fixed = MergeConfigReader.settings(where, key + ".parameters", method, s.path("parameters"), models);
        Genes genes = genes(where, key + ".genes", s.path("genes"), method);
        long budget = s.path("budget").asLong(100);
        if (budget < 1) throw error(where, key + ".budget", budget + " is out of range [1, ∞)");
        List<String> strategies = new ArrayList<>();
        if (s.has("strategies")) s.get("strategies").forEach(x -> strategies.add(x.asText()));
        else strategies.add(s.path("strategy").asText(Strategies.DEFAULT));
        Map<String, Object> options = s.has("options")
                ? JSON.convertValue(s.get("options"), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { })
                : Map.of();
        long searchSeed = s.path("seed").asLong(seed);
        String label = s.path("label").asText(method.label() + "+ES");
        String split = s.path("split").asText("validation");
        if (!split.equals("validation") && !split.equals("test")) throw error(where, key + ".split", "'" + split + "' is invalid (valid: validation, test)");
        List<SearchSpec> out = new ArrayList<>();
        boolean several = strategies.size() > 1;
        for (String strategy : strategies) {
            if (!Strategies.names().contains(strategy)) {
                throw error(where, key + ".strategy", "'" + strategy + "' is not a strategy (valid: " + Strategies.names() + ")");
            }
            // with several strategies, options are given per strategy: {grid: {points: 3}, cmaes: {sigma: 0.2}}
            Map<String, Object> own = options;
            if (several) {
                for (String k : options.keySet()) {
                    if (!strategies.contains(k) || !(options.get(k) instanceof Map<?, ?>)) {
                        throw error(where, key + ".options", "with strategies: give options per strategy, e.g. {grid: {points: 3}}; '" + k + "' is not one of " + strategies);
                    }
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) options.getOrDefault(strategy, Map.of());
                own = m;
            }
            out.add(new SearchSpec(several ? name + "-" + strategy : name, several ? label + " (" + strategy + ")" : label,
                    false, method, fixed.settings(), fixed.lambda(), genes, strategy, budget, searchSeed, own,
                    split.equals("test")));
        }
        return out;
    }

    private static Genes genes(Path where, String key, JsonNode g, MergeMethod method) {
        Map<String, GeneKeys.Template> available = GeneKeys.of(method);
        if (g.isMissingNode()) throw error(where, key, "is required: say what the search varies, e.g. {weights: [0.5, 3.0]}");
        List<String> valid = new ArrayList<>(available.keySet());
        valid.add("snap");
        only(where, key, g, Set.copyOf(valid), method.configName() + "'s genes");
        List<Genes.Gene> genes = new ArrayList<>();
        for (GeneKeys.Template t : available.values()) {
            JsonNode v = g.get(t.key());
            if (v == null || v.isNull()) continue;
            String k = key + "." + t.key();
            Parameter p = t.parameter();
            switch (t.kind()) {
                case SHARED, PER_MODEL -> {
                    double[] r = range(where, k, v, p);
                    genes.add(new Genes.Gene(t.key(), t.parameters(), t.kind(), r[0], r[1], List.of(), p.candidate()));
                }
                case CHOICE -> genes.add(new Genes.Gene(t.key(), t.parameters(), t.kind(), 0, 0, choices(where, k, v, t), false));
                case PERMUTATION -> {
                    if (!v.isBoolean()) throw error(where, k, "'" + v.asText() + "' is not true or false");
                    if (v.asBoolean()) genes.add(new Genes.Gene(t.key(), t.parameters(), t.kind(), 0, 0, List.of(), false));
                }
            }
        }
        for (int i = 0; i < genes.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (genes.get(i).parameters().stream().anyMatch(genes.get(j).parameters()::contains)) {
                    throw error(where, key, "give " + genes.get(j).key() + " or " + genes.get(i).key() + ", not both");
                }
            }
        }
        double snap = 0.01;
        if (g.has("snap")) {
            JsonNode sn = g.get("snap");
            if (!sn.isNumber() || !(sn.asDouble() >= 0 && sn.asDouble() < 1)) {
                throw error(where, key + ".snap", "'" + sn.asText() + "' must be a number in [0, 1)");
            }
            snap = sn.asDouble();
        }
        Genes genes2 = new Genes(genes, snap);
        if (genes2.isEmpty()) throw error(where, key, "varies nothing; give at least one of " + available.keySet());
        return genes2;
    }

    /** A choice gene's listed values: whole numbers, words, or "a:b" pairs for a joint gene. */
    private static List<String> choices(Path where, String key, JsonNode v, GeneKeys.Template t) {
        if (!v.isArray() || v.isEmpty()) throw error(where, key, "must list the values to choose from");
        List<String> out = new ArrayList<>();
        for (JsonNode x : v) {
            String text = x.asText();
            if (t.parameters().size() > 1) {
                if (!x.isTextual() || !text.matches("\\s*\\d+\\s*:\\s*\\d+\\s*")) {
                    throw error(where, key, "'" + text + "' is not of the form n:m");
                }
                String[] nm = text.split(":");
                if (Long.parseLong(nm[0].trim()) < 1 || Long.parseLong(nm[0].trim()) > Long.parseLong(nm[1].trim())) {
                    throw error(where, key, "'" + text + "' is invalid (need 1 <= n <= m)");
                }
            } else if (t.parameter().type() == Parameter.Type.INTEGER) {
                if (!x.isNumber() || !x.canConvertToExactIntegral() || !t.parameter().inRange(x.asDouble())) {
                    throw error(where, key, "'" + text + "' is not a whole number in " + t.parameter().range());
                }
                text = Long.toString(x.asLong());
            } else if (!t.parameter().choices().contains(text)) {
                throw error(where, key, "'" + text + "' is invalid (valid: " + t.parameter().range() + ")");
            }
            out.add(text);
        }
        return out;
    }

    private static double[] range(Path where, String key, JsonNode node, Parameter p) {
        if (!node.isArray() || node.size() != 2 || !node.get(0).isNumber() || !node.get(1).isNumber()) {
            throw error(where, key, "must be [lo, hi]");
        }
        double a = node.get(0).asDouble(), b = node.get(1).asDouble();
        if (!(a < b) || !p.inRange(a) || !p.inRange(b)) {
            throw error(where, key, "[" + a + ", " + b + "] must satisfy lo < hi, both in " + p.name() + "'s range " + p.range());
        }
        return new double[]{a, b};
    }

    private static MergeMethod method(Path where, String key, JsonNode node) {
        String name = node.path("method").asText(null);
        MergeMethod m = name == null ? null : MergeMethod.parse(name);
        if (m == null) throw error(where, key + ".method", "'" + name + "' is not a method (valid: " + MergeMethod.names() + ")");
        return m;
    }

    private static void only(Path where, String key, JsonNode node, Set<String> allowed) {
        only(where, key, node, allowed, "valid here");
    }

    private static void only(Path where, String key, JsonNode node, Set<String> allowed, String what) {
        if (!node.isObject()) throw error(where, key, "must be a mapping");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) throw error(where, key, "unknown key '" + f + "' (" + what + ": " + new TreeSet<>(allowed) + ")");
        }
    }

    private static EvomergeException error(Path where, String key, String what) {
        return new EvomergeException(where + ": " + key + ": " + what);
    }
}
