package io.evomerge.merge;

import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.DType;
import io.evomerge.config.YamlNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads merge configs in mergekit's YAML shape:
 * <pre>
 * merge_method: ties
 * base_model: models/base          # paths are relative to the config file's folder
 * models:                          # or slices: [{sources: [{model, layer_range: [a, b]}], parameters}]
 *   - model: models/sst2
 *     parameters: {weight: 1.0, density: [1, 0.7, 0.1]}
 * parameters: {lambda: 1.0, weight: [{filter: mlp, value: 0.5}, {value: 1}]}
 * dtype: float32
 * </pre>
 * The keys each method accepts come from its declarations in {@link MergeMethod}. Numeric values may be scalars,
 * gradients or filter lists ({@link Setting}); they resolve per tensor by model, then slice, then global
 * ({@link ConfigParameters}). Every error names the file and the key path, and says what is valid.
 */
public final class MergeConfigReader {
    private static final List<String> TOP = List.of("merge_method", "base_model", "models", "slices", "parameters",
            "dtype", "out_dtype", "tokenizer_source");

    private MergeConfigReader() {
    }

    public static MergeConfig read(Path file) {
        if (!Files.isRegularFile(file)) throw new EvomergeException(file + ": no such config file");
        return parse(YamlNode.read(file), file.toAbsolutePath().getParent());
    }

    /** Parses a merge config's top-level mapping; {@code dir} resolves the model paths. */
    public static MergeConfig parse(YamlNode root, Path dir) {
        root.onlyKeys(TOP);
        String methodName = root.text("merge_method");
        MergeMethod method = MergeMethod.parse(methodName);
        if (method == null) {
            throw root.error("merge_method", "'" + methodName + "' is not a method (valid: " + MergeMethod.names() + ")");
        }
        Path base = root.has("base_model") ? path(root, "base_model", dir) : null;
        if (base == null && method.inputs().needsBase()) {
            throw root.error("base_model", "is required by " + method.configName() + " (the model the others were "
                    + "fine-tuned from)");
        }
        if (base != null && method == MergeMethod.PASSTHROUGH) {
            throw root.error("base_model", "passthrough copies its slices and takes no base_model; remove it");
        }
        tokenizerSource(root);
        if (root.has("models") == root.has("slices")) {
            throw root.error(root.has("models") ? "slices" : "models", "give exactly one of models: (whole models) "
                    + "or slices: (layer ranges)");
        }
        Map<String, Object> global = parameters(root.mapping("parameters"), "parameters", root, method,
                method.parameters());
        List<Parameter> modelParameters = method.parameters().stream().filter(Parameter::perModel).toList();
        boolean dropBase = base != null && method != MergeMethod.LINEAR;
        List<Path> paths = new ArrayList<>();
        List<MergeConfig.Slice> slices = new ArrayList<>();
        List<Map<String, Object>> perSlice = new ArrayList<>();
        List<List<Map<String, Object>>> perModel = new ArrayList<>();
        String modelsKey;
        if (root.has("models")) {
            modelsKey = "models";
            List<Map<String, Object>> own = new ArrayList<>();
            for (YamlNode m : root.list("models")) {
                m.mapping().onlyKeys(List.of("model", "parameters"));
                Path p = path(m, "model", dir);
                Map<String, Object> params = parameters(m.mapping("parameters"), "parameters", m, method, modelParameters);
                if (dropBase && p.equals(base)) continue; // mergekit: the base contributes no task vector
                paths.add(p);
                own.add(params);
            }
            perSlice.add(Map.of());
            perModel.add(own);
        } else {
            modelsKey = "slices[0].sources";
            List<YamlNode> items = root.list("slices");
            for (int s = 0; s < items.size(); s++) {
                YamlNode slice = items.get(s).mapping();
                slice.onlyKeys(List.of("sources", "parameters"));
                perSlice.add(parameters(slice.mapping("parameters"), "parameters", slice, method, method.parameters()));
                List<MergeConfig.SliceSource> sources = new ArrayList<>();
                List<Map<String, Object>> own = new ArrayList<>();
                MergeConfig.SliceSource baseSource = null;
                List<YamlNode> sourceNodes = slice.list("sources");
                for (YamlNode src : sourceNodes) {
                    src.mapping().onlyKeys(List.of("model", "layer_range", "parameters"));
                    MergeConfig.SliceSource ss = source(src, dir);
                    Map<String, Object> params = parameters(src.mapping("parameters"), "parameters", src, method,
                            modelParameters);
                    if (dropBase && ss.model().equals(base)) {
                        baseSource = ss;
                        continue;
                    }
                    sources.add(ss);
                    own.add(params);
                }
                sameLayerCount(slice, sourceNodes, baseSource, sources);
                if (method == MergeMethod.PASSTHROUGH && sources.size() != 1) {
                    throw slice.error("sources", "passthrough takes one source per slice (it stacks slices), found "
                            + sources.size());
                }
                List<Path> models = sources.stream().map(MergeConfig.SliceSource::model).toList();
                if (s == 0 || method == MergeMethod.PASSTHROUGH) {
                    if (s == 0) paths.addAll(models);
                } else if (!models.equals(paths)) {
                    throw slice.error("sources", "lists " + names(models) + " but slices[0] lists " + names(paths)
                            + "; every slice of a " + method.configName() + " merge needs the same models in the "
                            + "same order (passthrough stacks different ones)");
                }
                slices.add(new MergeConfig.Slice(slice.path(), baseSource, sources));
                perModel.add(own);
            }
        }
        int count = paths.size();
        if (!method.inputs().accepts(count)) {
            throw root.error(modelsKey, method.configName() + " takes " + method.inputs().count()
                    + (method.inputs().needsBase() ? " besides base_model" : "") + ", found " + count);
        }
        if (method == MergeMethod.PASSTHROUGH) {
            // one output model assembled from the slices: its parameters are the first source's
            for (int s = 0; s < perModel.size(); s++) perModel.set(s, List.of(perModel.get(s).getFirst()));
            paths = List.of(paths.getFirst());
        }
        ConfigParameters parameters = new ConfigParameters(root.file(), method, paths.size(), global, perSlice, perModel);
        if (parameters.planVaries() && explicitModelScope(root, global)) {
            throw root.error("parameters.scope", "model scope needs one value per model, but a parameter varies per "
                    + "tensor (a gradient, filter or slice value); use scope: tensor, or a single value");
        }
        checkGlobal(root, parameters, perModel);
        return new MergeConfig(root.file(), method, base, paths, slices, parameters, outputType(root));
    }

    private static boolean explicitModelScope(YamlNode root, Map<String, Object> global) {
        return "model".equals(global.get("scope"));
    }

    /** The checks a config can fail as a whole: ranges across parameters, and linear weights summing to 0. */
    private static void checkGlobal(YamlNode root, ConfigParameters parameters, List<List<Map<String, Object>>> perModel) {
        ConfigParameters.Resolved r = parameters.resolve("", 0, 0);
        parameters.validate(r.settings());
        if (parameters.method().averages() && r.settings().normalize()) {
            double total = 0;
            for (double w : r.weights().weights()) total += w;
            if (total == 0) {
                String key = "parameters.weight";
                for (int i = 0; i < perModel.getFirst().size(); i++) {
                    if (perModel.getFirst().get(i).containsKey("weight")) key = "models[" + i + "].parameters.weight";
                }
                throw root.error(key, "the weights sum to 0, so their average is undefined; change a weight or set "
                        + "parameters.normalize: false");
            }
        }
    }

    private static void sameLayerCount(YamlNode slice, List<YamlNode> nodes, MergeConfig.SliceSource base,
                                       List<MergeConfig.SliceSource> sources) {
        List<MergeConfig.SliceSource> all = new ArrayList<>(sources);
        if (base != null) all.add(base);
        int n = all.getFirst().to() - all.getFirst().from();
        if (all.stream().allMatch(s -> s.to() - s.from() == n)) return;
        List<String> spans = all.stream().map(s -> s.model().getFileName() + " [" + s.from() + ", " + s.to() + "): "
                + (s.to() - s.from())).toList();
        throw slice.error("sources", "the sources span different numbers of layers (" + String.join(", ", spans)
                + "); every source of a slice needs the same number");
    }

    private static MergeConfig.SliceSource source(YamlNode src, Path dir) {
        Path model = path(src, "model", dir);
        YamlNode range = src.get("layer_range");
        if (range == null) throw src.error("layer_range", "is required: [first, end) of the layers taken, e.g. [0, 16]");
        List<YamlNode> ends = range.isList() ? range.items() : List.of();
        if (ends.size() != 2 || !ends.stream().allMatch(e -> e.isNumber() && e.json().canConvertToExactIntegral())
                || ends.get(0).json().asLong() < 0 || ends.get(0).json().asLong() >= ends.get(1).json().asLong()
                || ends.get(1).json().asLong() > Integer.MAX_VALUE) {
            throw range.error("must be [first, end) with 0 <= first < end, e.g. [0, 16], found "
                    + (range.isList() ? range.json().toString() : range.found()));
        }
        return new MergeConfig.SliceSource(src.path(), model, ends.get(0).json().asInt(), ends.get(1).json().asInt());
    }

    private static String names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).toList().toString();
    }

    private static void tokenizerSource(YamlNode root) {
        if (!root.has("tokenizer_source")) return;
        YamlNode v = root.get("tokenizer_source");
        if (!v.isText() || !v.text().equals("base")) {
            throw v.error(v.found() + " is not supported: evomerge carries the tokenizer files of base_model (the first "
                    + "model without one) and merges no vocabularies; use tokenizer_source: base");
        }
    }

    /** Merge settings and λ as read from an experiment's {@code parameters:} mapping. */
    public record Settings(MergeSettings settings, double lambda) {
    }

    /**
     * Reads the {@code parameters:} mapping under {@code owner} (absent: the defaults) of {@code method} for
     * {@code models} models; used by the experiment file's merges and searches, whose weights are 1 or searched, so
     * {@code weight} is not a key there. Values are single: gradients and filters belong to merge configs.
     */
    public static Settings settings(YamlNode owner, MergeMethod method, int models) {
        List<Parameter> accepted = method.parameters().stream().filter(p -> !p.name().equals("weight")).toList();
        YamlNode node = owner.mapping("parameters");
        Map<String, Object> global = parameters(node, "parameters", owner, method, accepted);
        for (Map.Entry<String, Object> e : global.entrySet()) {
            if (e.getValue() instanceof Setting s) {
                if (!s.constant()) {
                    throw node.error(e.getKey(), "takes a single number here; gradients and filters are for merge "
                            + "configs (evomerge merge)");
                }
                e.setValue(s.at("", 0));
            }
        }
        List<Map<String, Object>> perModel = new ArrayList<>();
        for (int i = 0; i < models; i++) perModel.add(Map.of());
        ConfigParameters parameters = new ConfigParameters(owner.file(), method, models, global, List.of(Map.of()),
                List.of(perModel));
        ConfigParameters.Resolved r = parameters.resolve("", 0, 0);
        try {
            MergeSettingsCheck.validate(r.settings(), models, owner.keyPath("parameters"));
        } catch (EvomergeException e) {
            throw new EvomergeException(owner.file() + ": " + e.getMessage());
        }
        return new Settings(r.settings(), r.weights().lambda());
    }

    /** The values of {@code accepted} parameters in {@code node} ({@code owner}'s {@code key}), checked. */
    private static Map<String, Object> parameters(YamlNode node, String key, YamlNode owner, MergeMethod method,
                                                  List<Parameter> accepted) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (node == null) return out;
        List<String> names = accepted.stream().map(Parameter::name).toList();
        for (String name : node.keys()) {
            if (!names.contains(name)) {
                String why = method.parameter(name).isPresent()
                        ? "'" + name + "' is not accepted here" : method.configName() + " has no parameter '" + name + "'";
                throw node.error(name, "unknown key: " + why + "; valid keys of " + owner.keyPath(key) + ": "
                        + String.join(", ", names));
            }
        }
        for (Parameter p : accepted) {
            YamlNode v = node.get(p.name());
            if (v != null) out.put(p.name(), value(p, v));
        }
        return out;
    }

    private static Object value(Parameter p, YamlNode v) {
        return switch (p.type()) {
            case REAL -> Setting.parse(v, n -> {
                if (!n.isNumber() || !p.inRange(n.json().asDouble())) {
                    throw n.error("must be a number in " + p.range() + ", found " + n.found());
                }
                return n.json().asDouble();
            });
            case INTEGER -> {
                if (!v.isNumber() || !v.json().canConvertToExactIntegral() || !v.json().canConvertToLong()
                        || !p.inRange(v.json().asLong())) {
                    throw v.error("must be an integer in " + p.range() + ", found " + v.found());
                }
                yield v.json().asLong();
            }
            case BOOLEAN -> v.bool();
            case CHOICE -> {
                String s = v.isText() ? v.text().toLowerCase(Locale.ROOT) : "";
                for (String c : p.choices()) if (c.equals(s) || c.replace(":", "").equals(s)) yield c;
                throw v.error(v.found() + " is invalid (valid: " + p.range() + ")");
            }
            case PERMUTATION -> {
                List<Integer> order = new ArrayList<>();
                for (YamlNode o : v.items()) {
                    if (!o.isNumber() || !o.json().canConvertToExactIntegral()) {
                        throw v.error("must be a list of model indices, found " + o.found());
                    }
                    order.add(o.json().asInt());
                }
                yield order;
            }
            case PATTERNS -> {
                List<String> patterns = new ArrayList<>();
                if (v.isText()) patterns.add(v.text());
                else if (v.isList()) {
                    for (YamlNode e : v.items()) patterns.add(e.text());
                } else throw v.error("must be a regular expression or a list of them, found " + v.found());
                yield patterns;
            }
        };
    }

    /** The output dtype: {@code out_dtype}, else {@code dtype} (mergekit's compute dtype; evomerge computes in float32). */
    private static DType outputType(YamlNode root) {
        DType dtype = root.has("dtype") ? dtype(root, "dtype") : null;
        return root.has("out_dtype") ? dtype(root, "out_dtype") : dtype;
    }

    private static DType dtype(YamlNode root, String key) {
        String d = root.text(key);
        String canonical = switch (d.toLowerCase(Locale.ROOT)) {
            case "float32", "fp32", "f32" -> "F32";
            case "float16", "fp16", "f16", "half" -> "F16";
            case "bfloat16", "bf16" -> "BF16";
            default -> d;
        };
        try {
            return DType.parseOutput(canonical, key);
        } catch (EvomergeException e) {
            throw root.error(key, "'" + d + "' is invalid (valid: float32, float16, bfloat16)");
        }
    }

    private static Path path(YamlNode node, String key, Path dir) {
        if (!node.has(key) || !node.get(key).isText() || node.get(key).json().asText().isBlank()) {
            throw node.error(key, "needs a path to a model");
        }
        Path p = dir.resolve(node.text(key)).normalize();
        if (!Files.exists(p)) throw node.error(key, "model not found at " + p);
        return p;
    }
}
