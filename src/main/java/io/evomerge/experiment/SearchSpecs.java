package io.evomerge.experiment;

import io.evomerge.EvomergeException;
import io.evomerge.config.Range;
import io.evomerge.config.YamlNode;
import io.evomerge.merge.MergeBackend;
import io.evomerge.merge.MergeConfigReader;
import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.Parameter;
import io.evomerge.search.GridOptions;
import io.evomerge.search.StrategyOptions;
import io.evomerge.search.Strategies;

import java.util.ArrayList;
import java.util.Arrays;
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
 *     repeats: 3                             # run 3 times, seeds seed, seed + 1, seed + 2
 *     racing: true                           # score candidates on 25 %, 50 %, 100 % of validation, stop the hopeless
 * </pre>
 * Everything is checked here, when the file is read: strategy options too, against the search's genes.
 */
final class SearchSpecs {
    private static final List<String> MERGE_KEYS = List.of("method", "label", "parameters", "grid");
    private static final List<String> SEARCH_KEYS = List.of("name", "label", "method", "parameters", "genes",
            "strategy", "strategies", "budget", "options", "seed", "split", "repeats", "racing", "pareto");
    /** The most repeats of one search: each is a whole search. */
    static final int MAX_REPEATS = 1000;
    private static final Range SEED = Range.closed(0, Integer.MAX_VALUE);

    private SearchSpecs() {
    }

    /**
     * Reads {@code backend:}, {@code merges:} and {@code search:} of the experiment's top-level mapping.
     */
    static Merging parse(YamlNode root, int models, long seed) {
        List<String> tasks = new ArrayList<>();
        for (int i = 1; i <= models; i++) tasks.add("task" + i);
        return parse(root, tasks, seed);
    }

    /** The same, with the experiment's task names ({@code pareto} weights name them). */
    static Merging parse(YamlNode root, List<String> tasks, long seed) {
        int models = tasks.size();
        String backendName = root.text("backend", "java");
        MergeBackend backend = Arrays.stream(MergeBackend.values()).filter(b -> b.key().equals(backendName))
                .findFirst().orElseThrow(() -> root.error("backend", "'" + backendName + "' is not one of java, device"));
        List<BaselineSpec> baselines = new ArrayList<>();
        List<SearchSpec> searches = new ArrayList<>();
        Map<String, String> rowLabels = new LinkedHashMap<>(); // a row's label -> the key that gave it
        if (root.has("merges")) {
            for (YamlNode m : root.get("merges").items()) {
                m.mapping().onlyKeys(MERGE_KEYS);
                MergeMethod method = method(m, models);
                var settings = MergeConfigReader.settings(m, method, models);
                String label = m.text("label", method.label());
                baselines.add(new BaselineSpec(label, method, settings.settings(), settings.lambda()));
                claimLabel(rowLabels, label, m.keyPath("label"), root);
                if (m.has("grid")) searches.add(grid(m.mapping("grid"), label, method, settings, seed, models));
            }
        }
        if (root.has("search")) {
            for (YamlNode s : root.get("search").items()) {
                List<SearchSpec> found = search(s.mapping(), tasks, seed);
                if (backend == MergeBackend.DEVICE) {
                    for (Genes.Gene g : found.getFirst().genes().genes()) {
                        if (g.layerGroups() > 1) {
                            throw s.mapping().mapping("genes").mapping(g.key()).error("layer_groups",
                                    "layer-group genes have no device rebuild yet; use backend: java");
                        }
                    }
                }
                searches.addAll(found);
            }
        }
        Set<String> names = new TreeSet<>();
        for (SearchSpec s : searches) {
            if (!names.add(s.name())) {
                throw new EvomergeException(root.file() + ": " + s.key() + (s.grid() ? ".label" : ".name") + ": '"
                        + s.name() + "' names two searches; give each search its own name");
            }
        }
        for (SearchSpec s : searches) claimLabel(rowLabels, s.label(), s.key() + ".label", root);
        return new Merging(backend, baselines, searches);
    }

    /**
     * Each label names one row of the report's tables and one series of its charts, so two rows may not share one
     * (two `ties` entries without labels would both be "TIES", and the chart would fail after the whole run).
     */
    private static void claimLabel(Map<String, String> rowLabels, String label, String where, YamlNode root) {
        String first = rowLabels.putIfAbsent(label, where);
        if (first != null) {
            throw new EvomergeException(root.file() + ": " + where + ": '" + label + "' is also the label of "
                    + first.replaceAll("\\.label$", "") + "; give each its own label");
        }
    }

    private static SearchSpec grid(YamlNode grid, String label, MergeMethod method, MergeConfigReader.Settings fixed,
                                   long seed, int models) {
        List<String> gridKeys = GeneKeys.gridKeys(method);
        for (String gene : grid.keys()) {
            if (!gridKeys.contains(gene)) {
                throw grid.error(gene, "unknown key: " + method.configName() + " has no grid key '" + gene
                        + "'; valid keys of " + grid.path() + ": " + String.join(", ", gridKeys));
            }
        }
        Map<String, List<Object>> values = new LinkedHashMap<>();
        List<Genes.Gene> axes = new ArrayList<>();
        long points = 1;
        for (String gene : gridKeys) {
            if (!grid.has(gene)) continue;
            GeneKeys.Template t = GeneKeys.of(method).get(gene);
            List<YamlNode> list = grid.list(gene);
            if (list.size() < 2) throw grid.error(gene, "must list at least two values");
            List<Double> v = new ArrayList<>();
            for (YamlNode x : list) v.add(value(x, t.parameter()));
            values.put(gene, List.copyOf(v));
            points *= v.size();
            double lo = v.stream().mapToDouble(d -> d).min().orElseThrow();
            double hi = v.stream().mapToDouble(d -> d).max().orElseThrow();
            axes.add(new Genes.Gene(gene, t.parameters(), Genes.Kind.SHARED, lo, hi, List.of(), t.parameter().candidate()));
        }
        if (axes.isEmpty()) throw grid.error("varies nothing; give at least one of " + String.join(", ", gridKeys));
        String name = label.toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-grid";
        String key = grid.path().substring(0, grid.path().length() - ".grid".length());
        SearchSpec spec = new SearchSpec(key, name, label + " (grid)", true, method, fixed.settings(), fixed.lambda(),
                new Genes(axes, 0), new GridOptions(GridOptions.DEFAULT.batch(), GridOptions.DEFAULT.points(), values),
                points, seed, false, 1, false, null);
        checkOptions(grid, spec, models);
        return spec;
    }

    /** A number in the parameter's range. */
    private static double value(YamlNode x, Parameter p) {
        if (!x.isNumber() || !p.inRange(x.json().asDouble())) {
            throw x.error("must be a number in " + p.name() + "'s range " + p.range() + ", found " + x.found());
        }
        return x.json().asDouble();
    }

    private static List<SearchSpec> search(YamlNode s, List<String> tasks, long seed) {
        int models = tasks.size();
        s.onlyKeys(SEARCH_KEYS);
        if (!s.has("name")) throw s.error("name", "is required (it names results/<run>/searches/<name>/)");
        String name = s.text("name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw s.error("name", "'" + name + "' may hold only letters, digits, '.', '_' and '-'");
        }
        MergeMethod method = method(s, models);
        String label = s.text("label", method.label() + "+ES");
        var fixed = MergeConfigReader.settings(s, method, models);
        Genes genes = genes(s, method);
        fixed = layerScope(s, genes, fixed);
        long budget = s.integer("budget", Range.atLeast(1), 100L);
        long searchSeed = s.integer("seed", SEED, seed);
        int repeats = s.integer("repeats", Range.closed(1, MAX_REPEATS), 1);
        boolean racing = s.bool("racing", false);
        Pareto pareto = pareto(s, tasks);
        String split = s.text("split", "validation");
        if (!split.equals("validation") && !split.equals("test")) {
            throw s.error("split", "'" + split + "' is invalid (valid: validation, test)");
        }
        List<String> strategies = strategies(s);
        boolean several = strategies.size() > 1;
        YamlNode options = s.mapping("options");
        if (several && options != null) {
            for (String k : options.keys()) {
                if (!strategies.contains(k)) {
                    throw options.error(k, "unknown key; with strategies, options are given per strategy, e.g. "
                            + "{grid: {points: 3}}; valid keys of " + options.path() + ": " + String.join(", ", strategies));
                }
            }
        }
        List<SearchSpec> out = new ArrayList<>();
        for (String strategy : strategies) {
            YamlNode own = several && options != null ? options.mapping(strategy) : options;
            StrategyOptions parsed = Strategies.options(strategy, own);
            SearchSpec spec = new SearchSpec(s.path(), several ? name + "-" + strategy : name,
                    several ? label + " (" + strategy + ")" : label, false, method, fixed.settings(), fixed.lambda(),
                    genes, parsed, budget, searchSeed, split.equals("test"), repeats, racing, pareto);
            checkOptions(own != null ? own : s, spec, models);
            out.add(spec);
        }
        return out;
    }

    /** {@code pareto: knee} or {@code pareto: {weights: {TASK: W, ...}}} (weights ≥ 0, one above 0), or null. */
    private static Pareto pareto(YamlNode s, List<String> tasks) {
        if (!s.has("pareto")) return null;
        YamlNode p = s.get("pareto");
        if (p.isText()) {
            if (!p.text().equals("knee")) throw p.error("'" + p.text() + "' is invalid (valid: knee, or {weights: {TASK: W}})");
            return new Pareto(null);
        }
        if (!p.isMapping()) throw p.error("must be knee or {weights: {TASK: W}}, found " + p.found());
        p.onlyKeys(List.of("weights"));
        YamlNode w = p.mapping("weights");
        if (w == null) throw p.error("weights", "is required (a weight per task, e.g. {" + tasks.getFirst() + ": 1})");
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String task : w.keys()) {
            if (!tasks.contains(task)) {
                throw w.error(task, "no such task (tasks: " + String.join(", ", tasks) + ")");
            }
            weights.put(task, w.number(task, Range.atLeast(0.0), 0.0));
        }
        if (weights.values().stream().noneMatch(v -> v > 0)) throw p.error("weights", "give at least one task a weight above 0");
        return new Pareto(weights);
    }

    /** The {@code strategy:} or {@code strategies:} of a search (default {@link Strategies#DEFAULT}). */
    private static List<String> strategies(YamlNode s) {
        if (s.has("strategy") && s.has("strategies")) {
            throw s.error("strategies", "give strategy or strategies, not both");
        }
        List<YamlNode> given = s.has("strategies") ? s.list("strategies") : s.has("strategy")
                ? List.of(s.get("strategy")) : List.of();
        List<String> out = new ArrayList<>();
        for (YamlNode g : given) {
            String name = g.text();
            if (!Strategies.names().contains(name)) {
                throw g.error("'" + name + "' is not a strategy (valid: " + String.join(", ", Strategies.names()) + ")");
            }
            if (out.contains(name)) throw g.error("'" + name + "' is listed twice");
            out.add(name);
        }
        return out.isEmpty() ? List.of(Strategies.DEFAULT) : out;
    }

    /** Checks the options against the search's genes (a start or grid value naming no gene, BOBYQA's points). */
    private static void checkOptions(YamlNode where, SearchSpec spec, int models) {
        try {
            spec.options().check(new GenomeMapping(spec, models).space());
        } catch (IllegalArgumentException e) {
            throw new EvomergeException(where.file() + ": " + where.keyPath(e.getMessage()));
        }
    }

    private static Genes genes(YamlNode s, MergeMethod method) {
        Map<String, GeneKeys.Template> available = GeneKeys.of(method);
        YamlNode g = s.mapping("genes");
        if (g == null) throw s.error("genes", "is required: say what the search varies, e.g. {weights: [0.5, 3.0]}");
        List<String> valid = new ArrayList<>(available.keySet());
        valid.add("snap");
        for (String key : g.keys()) {
            if (!valid.contains(key)) {
                throw g.error(key, "unknown key: " + method.configName() + " has no gene '" + key + "'; valid keys of "
                        + g.path() + ": " + String.join(", ", valid));
            }
        }
        List<Genes.Gene> genes = new ArrayList<>();
        for (GeneKeys.Template t : available.values()) {
            YamlNode v = g.get(t.key());
            if (v == null) continue;
            Parameter p = t.parameter();
            switch (t.kind()) {
                case SHARED, PER_MODEL -> {
                    int groups = 1;
                    if (v.isMapping()) {
                        // {range: [lo, hi], layer_groups: G}: G values per model, a gradient over the layers
                        if (p.candidate() && t.kind() != Genes.Kind.PER_MODEL) {
                            throw v.error("must be [lo, hi]; " + p.name() + " scales the whole merge and takes no "
                                    + "layer groups (they are for weights, densities, ratios and other plan parameters)");
                        }
                        v.onlyKeys(List.of("range", "layer_groups"));
                        groups = (int) v.integer("layer_groups", Range.closed(1, 64), 1L);
                        if (!v.has("range")) throw v.error("range", "is required: [lo, hi]");
                        v = v.get("range");
                    }
                    double[] r = range(v, p);
                    genes.add(new Genes.Gene(t.key(), t.parameters(), t.kind(), r[0], r[1], List.of(), p.candidate(),
                            groups));
                }
                case CHOICE -> genes.add(new Genes.Gene(t.key(), t.parameters(), t.kind(), 0, 0, choices(v, t), false));
                case PERMUTATION -> {
                    if (v.bool()) genes.add(new Genes.Gene(t.key(), t.parameters(), t.kind(), 0, 0, List.of(), false));
                }
            }
        }
        for (int i = 0; i < genes.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (genes.get(i).parameters().stream().anyMatch(genes.get(j).parameters()::contains)) {
                    throw g.error(genes.get(i).key(), "give " + genes.get(j).key() + " or " + genes.get(i).key()
                            + ", not both");
                }
            }
        }
        Genes out = new Genes(genes, g.number("snap", Range.below(0, 1), 0.01));
        if (out.isEmpty()) {
            throw g.error("varies nothing; give at least one of " + String.join(", ", available.keySet()));
        }
        return out;
    }

    /**
     * Plan parameters that vary over the layer groups give each tensor its own statistics (as a merge config's
     * gradients do), so the search runs at {@code scope: tensor}, which best.yaml then states; an explicit
     * {@code scope: model} is refused, as {@code evomerge merge} refuses it beside a gradient.
     */
    private static MergeConfigReader.Settings layerScope(YamlNode s, Genes genes, MergeConfigReader.Settings fixed) {
        boolean layered = genes.genes().stream().anyMatch(g -> !g.candidate() && g.layerGroups() > 1);
        MergeSettings settings = fixed.settings();
        if (!layered || settings.method().parameter("scope").isEmpty()) return fixed;
        YamlNode params = s.mapping("parameters");
        if (params != null && params.has("scope") && settings.choice("scope").equals("model")) {
            throw params.error("scope", "model scope needs one value per model, but a layer-group gene varies a plan "
                    + "parameter per layer; use scope: tensor, or give that gene without layer_groups");
        }
        return new MergeConfigReader.Settings(settings.with("scope", "tensor"), fixed.lambda());
    }

    /** A choice gene's listed values: whole numbers, words, or "n:m" pairs for a joint gene. */
    private static List<String> choices(YamlNode v, GeneKeys.Template t) {
        List<YamlNode> items = v.items();
        if (items.isEmpty()) throw v.error("must list the values to choose from");
        List<String> out = new ArrayList<>();
        for (YamlNode x : items) {
            String text;
            if (t.parameters().size() > 1) {
                text = x.isText() ? x.text() : "";
                if (!text.matches("\\s*\\d+\\s*:\\s*\\d+\\s*")) throw x.error("must be of the form n:m, found " + x.found());
                String[] nm = text.split(":");
                long n = Long.parseLong(nm[0].trim()), m = Long.parseLong(nm[1].trim());
                if (n < 1 || n > m) throw x.error("'" + text + "' is invalid (need 1 <= n <= m)");
            } else if (t.parameter().type() == Parameter.Type.INTEGER) {
                if (!x.isNumber() || !x.json().canConvertToExactIntegral() || !t.parameter().inRange(x.json().asDouble())) {
                    throw x.error("must be a whole number in " + t.parameter().range() + ", found " + x.found());
                }
                text = Long.toString(x.json().asLong());
            } else {
                text = x.isText() ? x.text() : "";
                if (!t.parameter().choices().contains(text)) {
                    throw x.error(x.found() + " is invalid (valid: " + t.parameter().range() + ")");
                }
            }
            if (out.contains(text)) throw x.error("'" + text + "' is listed twice");
            out.add(text);
        }
        return out;
    }

    /** A real gene's {@code [lo, hi]}: two numbers, lo < hi, both in the parameter's range. */
    private static double[] range(YamlNode node, Parameter p) {
        List<YamlNode> items = node.isList() ? node.items() : List.of();
        if (items.size() != 2 || !items.get(0).isNumber() || !items.get(1).isNumber()) {
            throw node.error("must be [lo, hi], two numbers in " + p.name() + "'s range " + p.range());
        }
        double a = items.get(0).json().asDouble(), b = items.get(1).json().asDouble();
        if (!(a < b) || !p.inRange(a) || !p.inRange(b)) {
            throw node.error("[" + Range.format(a) + ", " + Range.format(b) + "] must satisfy lo < hi, both in "
                    + p.name() + "'s range " + p.range());
        }
        return new double[]{a, b};
    }

    private static MergeMethod method(YamlNode node, int models) {
        String name = node.text("method");
        MergeMethod m = MergeMethod.parse(name);
        if (m == null) throw node.error("method", "'" + name + "' is not a method (valid: " + MergeMethod.names() + ")");
        if (m == MergeMethod.PASSTHROUGH) {
            throw node.error("method", "passthrough copies layers and has nothing to merge or search; use it in a merge "
                    + "config (evomerge merge)");
        }
        if (!m.inputs().accepts(models)) {
            throw node.error("method", m.configName() + " takes " + m.inputs().count() + " besides the base, and this "
                    + "experiment has " + models + " tasks");
        }
        return m;
    }
}
