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
 * merge_method: pcb
 * base_model: models/base          # paths are relative to the config file's folder
 * models:
 *   - model: models/sst2
 *     parameters: {weight: 1.0}
 * parameters: {lambda: 1.0, ratio: 0.1}
 * dtype: float32
 * </pre>
 * The keys each method accepts come from its declarations in {@link MergeMethod}. As in mergekit, a per-model
 * parameter given under the global {@code parameters:} is every model's default, and a model's own value overrides
 * it. Every error names the file and the key path, and says what is valid.
 */
public final class MergeConfigReader {
    private static final List<String> TOP = List.of("merge_method", "base_model", "models", "parameters", "dtype");

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
        Path base = path(root, "base_model", dir);
        if (!root.has("models") || !root.get("models").isList() || root.get("models").items().isEmpty()) {
            throw root.error("models", "needs a list of at least one {model: PATH}");
        }
        Map<String, Object> global = parameters(root.mapping("parameters"), "parameters", root, method,
                method.parameters());
        List<Path> paths = new ArrayList<>();
        List<Map<String, Object>> perModel = new ArrayList<>();
        List<Parameter> modelParameters = method.parameters().stream().filter(Parameter::perModel).toList();
        List<YamlNode> models = root.list("models");
        for (YamlNode m : models) {
            m.mapping().onlyKeys(List.of("model", "parameters"));
            paths.add(path(m, "model", dir));
            perModel.add(parameters(m.mapping("parameters"), "parameters", m, method, modelParameters));
        }
        Resolved r = resolve(root, "parameters", method, global, perModel);
        DType dtype = root.has("dtype") ? dtype(root) : null;
        if (method.averages() && r.settings().normalize()) {
            double total = 0;
            for (double w : r.weights().weights()) total += w;
            if (total == 0) {
                String key = "parameters.weight";
                for (int i = 0; i < models.size(); i++) {
                    if (perModel.get(i).containsKey("weight")) key = "models[" + i + "].parameters.weight";
                }
                throw root.error(key, "the weights sum to 0, so their average is undefined; change a weight or set "
                        + "parameters.normalize: false");
            }
        }
        return new MergeConfig(root.file(), base, paths, r.settings(), r.weights(), dtype);
    }

    /** Merge settings and λ as read from an experiment's {@code parameters:} mapping. */
    public record Settings(MergeSettings settings, double lambda) {
    }

    /**
     * Reads the {@code parameters:} mapping under {@code owner} (absent: the defaults) of {@code method} for
     * {@code models} models; used by the experiment file's merges and searches, whose weights are 1 or searched, so
     * {@code weight} is not a key there.
     */
    public static Settings settings(YamlNode owner, MergeMethod method, int models) {
        List<Parameter> accepted = method.parameters().stream().filter(p -> !p.name().equals("weight")).toList();
        Map<String, Object> global = parameters(owner.mapping("parameters"), "parameters", owner, method, accepted);
        List<Map<String, Object>> perModel = new ArrayList<>();
        for (int i = 0; i < models; i++) perModel.add(Map.of());
        Resolved r = resolve(owner, "parameters", method, global, perModel);
        return new Settings(r.settings(), r.weights().lambda());
    }

    private record Resolved(MergeSettings settings, MergeWeights weights) {
    }

    /** Fills defaults, applies per-model overrides and runs the method's cross-parameter checks. */
    private static Resolved resolve(YamlNode owner, String key, MergeMethod method, Map<String, Object> global,
                                    List<Map<String, Object>> perModel) {
        int models = perModel.size();
        Map<String, Object> values = new LinkedHashMap<>();
        double[] weights = new double[models];
        double lambda = 1.0;
        for (Parameter p : method.parameters()) {
            Object g = global.containsKey(p.name()) ? global.get(p.name())
                    : p.perModel() ? p.fallback() : MergeSettings.defaultValue(p, models);
            if (p.perModel()) {
                List<Object> each = new ArrayList<>();
                for (Map<String, Object> own : perModel) each.add(own.getOrDefault(p.name(), g));
                if (p.name().equals("weight")) {
                    for (int i = 0; i < models; i++) weights[i] = ((Number) each.get(i)).doubleValue();
                } else {
                    values.put(p.name(), each);
                }
            } else if (p.name().equals("lambda")) {
                lambda = ((Number) g).doubleValue();
            } else if (!p.candidate()) {
                values.put(p.name(), g);
            }
        }
        MergeSettings settings = new MergeSettings(method, models, values);
        try {
            MergeSettingsCheck.validate(settings, models, owner.keyPath(key));
        } catch (EvomergeException e) {
            throw new EvomergeException(owner.file() + ": " + e.getMessage());
        }
        return new Resolved(settings, new MergeWeights(weights, lambda));
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
            case REAL -> {
                if (!v.isNumber() || !p.inRange(v.json().asDouble())) {
                    throw v.error("must be a number in " + p.range() + ", found " + v.found());
                }
                yield v.json().asDouble();
            }
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

    private static DType dtype(YamlNode root) {
        String d = root.text("dtype");
        String canonical = switch (d.toLowerCase(Locale.ROOT)) {
            case "float32", "fp32", "f32" -> "F32";
            case "float16", "fp16", "f16", "half" -> "F16";
            case "bfloat16", "bf16" -> "BF16";
            default -> d;
        };
        try {
            return DType.parseOutput(canonical, "dtype");
        } catch (EvomergeException e) {
            throw root.error("dtype", "'" + d + "' is invalid (valid: float32, float16, bfloat16)");
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
