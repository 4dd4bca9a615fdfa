package io.evomerge.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evomerge.EvomergeException;
import io.evomerge.merge.MergeConfigReader;
import io.evomerge.merge.MergeMethod;
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
    private static final Set<String> GENE_KEYS = Set.of("weights", "lambda", "ratio", "density", "densities", "nm", "order", "snap");
    private static final Set<String> GRID_KEYS = Set.of("lambda", "ratio", "density");
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
                String label = m.has("label") ? m.get("label").asText() : Labels.of(method);
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
        only(where, key, grid, GRID_KEYS);
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
        double[] lambda = bounds(values.get("lambda")), ratio = bounds(values.get("ratio")), density = bounds(values.get("density"));
        Genes genes = new Genes(null, lambda, ratio, density, false, null, false, 0);
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
        String label = s.path("label").asText(Labels.of(method) + "+ES");
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
        if (g.isMissingNode()) throw error(where, key, "is required: say what the search varies, e.g. {weights: [0.5, 3.0]}");
        only(where, key, g, GENE_KEYS);
        double[] weights = range(where, key + ".weights", g.get("weights"), -10, 10);
        double[] lambda = range(where, key + ".lambda", g.get("lambda"), 0, 10);
        double[] ratio = range(where, key + ".ratio", g.get("ratio"), 1e-6, 1);
        double[] density = range(where, key + ".density", g.get("density"), 1e-6, 1);
        double[] densities = range(where, key + ".densities", g.get("densities"), 1e-6, 1);
        if (density != null && densities != null) throw error(where, key, "give density or densities, not both");
        if (ratio != null && method != MergeMethod.PCB) throw error(where, key + ".ratio", "only pcb has a ratio");
        List<String> nm = null;
        if (g.has("nm")) {
            if (method != MergeMethod.CABS) throw error(where, key + ".nm", "only cabs prunes n:m");
            nm = new ArrayList<>();
            for (JsonNode x : g.get("nm")) {
                if (!x.asText().matches("\\s*\\d+\\s*:\\s*\\d+\\s*")) throw error(where, key + ".nm", "'" + x.asText() + "' is not of the form n:m");
                nm.add(x.asText());
            }
        }
        boolean order = g.path("order").asBoolean(false);
        if (order && method != MergeMethod.CABS) throw error(where, key + ".order", "only cabs has a pruning order");
        double snap = g.path("snap").asDouble(0.01);
        Genes genes = new Genes(weights, lambda, ratio, density != null ? density : densities, densities != null, nm, order, snap);
        if (genes.isEmpty()) throw error(where, key, "varies nothing; give at least one of " + new TreeSet<>(GENE_KEYS));
        return genes;
    }

    private static double[] range(Path where, String key, JsonNode node, double lo, double hi) {
        if (node == null) return null;
        if (!node.isArray() || node.size() != 2 || !node.get(0).isNumber() || !node.get(1).isNumber()) {
            throw error(where, key, "must be [lo, hi]");
        }
        double a = node.get(0).asDouble(), b = node.get(1).asDouble();
        if (!(a < b) || a < lo || b > hi) throw error(where, key, "[" + a + ", " + b + "] must satisfy " + lo + " <= lo < hi <= " + hi);
        return new double[]{a, b};
    }

    private static MergeMethod method(Path where, String key, JsonNode node) {
        String name = node.path("method").asText(null);
        MergeMethod m = name == null ? null : MergeMethod.parse(name);
        if (m == null) throw error(where, key + ".method", "'" + name + "' is not a method (valid: " + MergeMethod.names() + ")");
        return m;
    }

    private static void only(Path where, String key, JsonNode node, Set<String> allowed) {
        if (!node.isObject()) throw error(where, key, "must be a mapping");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) throw error(where, key, "unknown key '" + f + "' (valid here: " + new TreeSet<>(allowed) + ")");
        }
    }

    private static EvomergeException error(Path where, String key, String what) {
        return new EvomergeException(where + ": " + key + ": " + what);
    }
}
