package io.evomerge.merge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.DType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> TOP = Set.of("merge_method", "base_model", "models", "parameters", "dtype");

    private MergeConfigReader() {
    }

    public static MergeConfig read(Path file) {
        if (!Files.isRegularFile(file)) throw new EvomergeException(file + ": no such config file");
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new EvomergeException(file + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) throw new EvomergeException(file + ": expected a YAML mapping at the top");
        return parse(file, root, file.toAbsolutePath().getParent());
    }

    /** Parses a merge config given as a YAML tree; {@code where} prefixes error messages, {@code dir} resolves paths. */
    public static MergeConfig parse(Path where, JsonNode root, Path dir) {
        Fields f = new Fields(where);
        f.only(root, "top level", TOP);
        String methodName = f.text(root, "merge_method");
        MergeMethod method = MergeMethod.parse(methodName);
        if (method == null) {
            throw f.error("merge_method", "'" + methodName + "' is not a method (valid: " + MergeMethod.names() + ")");
        }
        Path base = f.path(root, "base_model", dir, "base_model");
        JsonNode models = root.get("models");
        if (models == null || !models.isArray() || models.isEmpty()) {
            throw f.error("models", "needs a list of at least one {model: PATH}");
        }
        JsonNode params = root.path("parameters");
        Map<String, Object> global = f.parameters(params, "parameters", method, method.parameters());
        List<Path> paths = new ArrayList<>();
        List<Map<String, Object>> perModel = new ArrayList<>();
        List<Parameter> modelParameters = method.parameters().stream().filter(Parameter::perModel).toList();
        for (int i = 0; i < models.size(); i++) {
            JsonNode m = models.get(i);
            String key = "models[" + i + "]";
            if (!m.isObject()) throw f.error(key, "must be a mapping with 'model' (and optional 'parameters')");
            f.only(m, key, Set.of("model", "parameters"));
            paths.add(f.path(m, "model", dir, key + ".model"));
            perModel.add(f.parameters(m.path("parameters"), key + ".parameters", method, modelParameters));
        }
        Resolved r = resolve(f, method, global, perModel);
        DType dtype = null;
        if (root.has("dtype")) {
            String d = f.text(root, "dtype");
            String canonical = switch (d.toLowerCase(Locale.ROOT)) {
                case "float32", "fp32", "f32" -> "F32";
                case "float16", "fp16", "f16", "half" -> "F16";
                case "bfloat16", "bf16" -> "BF16";
                default -> d;
            };
            try {
                dtype = DType.parseOutput(canonical, "dtype");
            } catch (EvomergeException e) {
                throw f.error("dtype", "'" + d + "' is invalid (valid: float32, float16, bfloat16)");
            }
        }
        if (method.averages() && r.settings().normalize()) {
            double total = 0;
            for (double w : r.weights().weights()) total += w;
            if (total == 0) {
                throw f.error("models[*].parameters.weight", "the weights sum to 0, so their average is undefined; "
                        + "change a weight or set parameters.normalize: false");
            }
        }
        return new MergeConfig(where, base, paths, r.settings(), r.weights(), dtype);
    }

    /** Merge settings and λ as read from an experiment's {@code parameters:} mapping. */
    public record Settings(MergeSettings settings, double lambda) {
    }

    /**
     * Reads the {@code parameters:} mapping of {@code method} for {@code models} models (errors name {@code where}
     * and {@code prefix}); used by the experiment file's merges and searches, whose weights are 1 or searched, so
     * {@code weight} is not a key there.
     */
    public static Settings settings(Path where, String prefix, MergeMethod method, JsonNode params, int models) {
        Fields f = new Fields(where);
        List<Parameter> accepted = method.parameters().stream().filter(p -> !p.name().equals("weight")).toList();
        Map<String, Object> global = f.parameters(params, prefix, method, accepted);
        List<Map<String, Object>> perModel = new ArrayList<>();
        for (int i = 0; i < models; i++) perModel.add(Map.of());
        Resolved r = resolve(f, method, global, perModel);
        return new Settings(r.settings(), r.weights().lambda());
    }

    private record Resolved(MergeSettings settings, MergeWeights weights) {
    }

    /** Fills defaults, applies per-model overrides and runs the method's cross-parameter checks. */
    private static Resolved resolve(Fields f, MergeMethod method, Map<String, Object> global,
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
            MergeSettingsCheck.validate(settings, models);
        } catch (EvomergeException e) {
            throw new EvomergeException(f.where() + ": " + e.getMessage());
        }
        return new Resolved(settings, new MergeWeights(weights, lambda));
    }

    /** Typed access to YAML fields with error messages that carry the file and key. */
    private record Fields(Path where) {
        EvomergeException error(String key, String what) {
            return new EvomergeException(where + ": " + key + ": " + what);
        }

        void only(JsonNode node, String key, Set<String> allowed) {
            if (!node.isObject()) throw error(key, "must be a mapping");
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!allowed.contains(name)) {
                    throw error(key, "unknown key '" + name + "' (valid here: " + String.join(", ", allowed) + ")");
                }
            }
        }

        String text(JsonNode node, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) throw error(key, "is required");
            if (!v.isTextual()) throw error(key, "must be a single word, found " + v);
            return v.asText();
        }

        /** The values of {@code accepted} parameters present in {@code node}, checked against their declarations. */
        Map<String, Object> parameters(JsonNode node, String key, MergeMethod method, List<Parameter> accepted) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (node.isMissingNode() || node.isNull()) return out;
            Set<String> names = new LinkedHashSet<>();
            accepted.forEach(p -> names.add(p.name()));
            if (!node.isObject()) throw error(key, "must be a mapping");
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!names.contains(name)) {
                    String why = method.parameter(name).isPresent()
                            ? "'" + name + "' is not accepted here" : method.configName() + " has no parameter '" + name + "'";
                    throw error(key, "unknown key '" + name + "': " + why + " (valid here: " + String.join(", ", names) + ")");
                }
            }
            for (Parameter p : accepted) {
                JsonNode v = node.get(p.name());
                if (v != null && !v.isNull()) out.put(p.name(), value(p, v, key + "." + p.name()));
            }
            return out;
        }

        Object value(Parameter p, JsonNode v, String key) {
            return switch (p.type()) {
                case REAL -> {
                    if (!v.isNumber()) throw error(key, "'" + v.asText() + "' is not a number");
                    double d = v.asDouble();
                    if (!Double.isFinite(d)) throw error(key, "'" + v.asText() + "' is not a finite number");
                    if (!p.inRange(d)) throw error(key, d + " is out of range " + p.range());
                    yield d;
                }
                case INTEGER -> {
                    if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
                        throw error(key, "'" + v.asText() + "' is not a whole number");
                    }
                    long n = v.asLong();
                    if (!p.inRange(n)) throw error(key, n + " is out of range " + p.range());
                    yield n;
                }
                case BOOLEAN -> {
                    if (!v.isBoolean()) throw error(key, "'" + v.asText() + "' is not true or false");
                    yield v.asBoolean();
                }
                case CHOICE -> {
                    String s = v.isTextual() ? v.asText().toLowerCase(Locale.ROOT) : "";
                    for (String c : p.choices()) if (c.equals(s) || c.replace(":", "").equals(s)) yield c;
                    throw error(key, "'" + v.asText() + "' is invalid (valid: " + p.range() + ")");
                }
                case PERMUTATION -> {
                    if (!v.isArray()) throw error(key, "must be a list of model indices");
                    List<Integer> order = new ArrayList<>();
                    for (JsonNode o : v) {
                        if (!o.canConvertToExactIntegral() || !o.isNumber()) throw error(key, "must be a list of model indices");
                        order.add(o.asInt());
                    }
                    yield order;
                }
                case PATTERNS -> {
                    List<String> patterns = new ArrayList<>();
                    if (v.isTextual()) patterns.add(v.asText());
                    else if (v.isArray()) {
                        for (JsonNode e : v) {
                            if (!e.isTextual()) throw error(key, "must be a regular expression or a list of them");
                            patterns.add(e.asText());
                        }
                    } else throw error(key, "must be a regular expression or a list of them");
                    yield patterns;
                }
            };
        }

        Path path(JsonNode node, String field, Path dir, String key) {
            JsonNode v = node.get(field);
            if (v == null || !v.isTextual() || v.asText().isBlank()) throw error(key, "needs a path to a model");
            Path p = dir.resolve(v.asText()).normalize();
            if (!Files.exists(p)) throw error(key, "model not found at " + p);
            return p;
        }
    }
}
