package io.evomerge.merge;

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
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

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
 * Every error names the file and the key, and says what is valid.
 */
public final class MergeConfigReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
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
        f.only(root, TOP);
        String methodName = f.text(root, "merge_method", null);
        MergeMethod method = MergeMethod.parse(methodName);
        if (method == null) {
            throw f.error("merge_method", "'" + methodName + "' is not a method (valid: " + MergeMethod.names() + ")");
        }
        Path base = f.path(root, "base_model", dir);
        JsonNode models = root.get("models");
        if (models == null || !models.isArray() || models.isEmpty()) {
            throw f.error("models", "needs a list of at least one {model: PATH}");
        }
        JsonNode params = root.path("parameters");
        if (!params.isMissingNode()) f.only(params, "parameters", method.parameters());

        double globalDensity = f.number(params, "parameters.density", MergeSettings.defaults(method, models.size()).densities().getFirst());
        List<Path> paths = new ArrayList<>();
        List<Double> densities = new ArrayList<>();
        double[] weights = new double[models.size()];
        for (int i = 0; i < models.size(); i++) {
            JsonNode m = models.get(i);
            String key = "models[" + i + "]";
            if (!m.isObject()) throw f.error(key, "must be a mapping with 'model' (and optional 'parameters')");
            f.only(m, key, Set.of("model", "parameters"));
            paths.add(f.path(m, "model", dir, key + ".model"));
            JsonNode mp = m.path("parameters");
            if (!mp.isMissingNode()) f.only(mp, key + ".parameters", method.modelParameters());
            weights[i] = f.number(mp, key + ".parameters.weight", 1.0);
            densities.add(f.number(mp, key + ".parameters.density", globalDensity));
        }
        Settings parsed = settings(f, "parameters", method, params, densities);
        MergeSettings settings = parsed.settings();
        double lambda = parsed.lambda();
        DType dtype = null;
        if (root.has("dtype")) {
            String d = root.get("dtype").asText();
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
        return new MergeConfig(where, base, paths, settings, new MergeWeights(weights, lambda), dtype);
    }

    /** Merge settings and λ as read from a {@code parameters:} mapping. */
    public record Settings(MergeSettings settings, double lambda) {
    }

    /**
     * Reads the {@code parameters:} mapping of {@code method} for {@code models} models (errors name {@code where}
     * and {@code prefix}); used by merge configs and by the experiment file's merges and searches.
     */
    public static Settings settings(Path where, String prefix, MergeMethod method, JsonNode params, int models) {
        Fields f = new Fields(where);
        if (!params.isMissingNode()) f.only(params, prefix, method.parameters());
        double density = f.number(params, prefix + ".density", MergeSettings.defaults(method, models).densities().getFirst());
        return settings(f, prefix, method, params, java.util.Collections.nCopies(models, density));
    }

    private static Settings settings(Fields f, String prefix, MergeMethod method, JsonNode params, List<Double> densities) {
        MergeSettings defaults = MergeSettings.defaults(method, densities.size());
        MergeMethod.Scope scope = f.choice(params, prefix + ".scope", MergeMethod.Scope.class, method.defaultScope());
        MergeMethod.Inter inter = f.choice(params, prefix + ".inter", MergeMethod.Inter.class, MergeMethod.Inter.SUM);
        String pruningName = f.text(params, "pruning", "n:m").replace(":", "").toUpperCase(Locale.ROOT);
        MergeMethod.Pruning pruning;
        try {
            pruning = MergeMethod.Pruning.valueOf(pruningName);
        } catch (IllegalArgumentException e) {
            throw f.error(prefix + ".pruning", "'" + params.get("pruning").asText() + "' is invalid (valid: n:m, magnitude)");
        }
        List<Integer> order = new ArrayList<>();
        JsonNode orderNode = params.path("order");
        if (orderNode.isMissingNode()) {
            order = defaults.order();
        } else {
            if (!orderNode.isArray()) throw f.error(prefix + ".order", "must be a list of model indices");
            for (JsonNode o : orderNode) {
                if (!o.canConvertToExactIntegral()) throw f.error(prefix + ".order", "must be a list of model indices");
                order.add(o.asInt());
            }
        }
        List<String> exclude = new ArrayList<>();
        JsonNode ex = params.path("exclude");
        if (!ex.isMissingNode()) {
            if (ex.isTextual()) exclude.add(ex.asText());
            else if (ex.isArray()) ex.forEach(e -> exclude.add(e.asText()));
            else throw f.error(prefix + ".exclude", "must be a regular expression or a list of them");
        }
        MergeSettings settings = new MergeSettings(method, scope, densities,
                f.number(params, prefix + ".ratio", defaults.ratio()),
                f.number(params, prefix + ".clip", defaults.clip()), inter, pruning,
                (int) f.number(params, prefix + ".n", defaults.n()), (int) f.number(params, prefix + ".m", defaults.m()),
                order, (long) f.number(params, prefix + ".seed", 0), exclude,
                f.bool(params, prefix + ".normalize", true));
        try {
            MergeSettingsCheck.validate(settings, densities.size());
        } catch (EvomergeException e) {
            throw new EvomergeException(f.where() + ": " + e.getMessage());
        }
        return new Settings(settings, f.number(params, prefix + ".lambda", 1.0));
    }

    /** Typed access to YAML fields with error messages that carry the file and key. */
    private record Fields(Path where) {
        EvomergeException error(String key, String what) {
            return new EvomergeException(where + ": " + key + ": " + what);
        }

        void only(JsonNode node, Set<String> allowed) {
            only(node, "top level", allowed);
        }

        void only(JsonNode node, String key, Set<String> allowed) {
            if (!node.isObject()) throw error(key, "must be a mapping");
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!allowed.contains(name)) {
                    throw error(key, "unknown key '" + name + "' (valid here: " + new TreeSet<>(allowed) + ")");
                }
            }
        }

        String text(JsonNode node, String key, String fallback) {
            JsonNode v = node.get(key.substring(key.lastIndexOf('.') + 1));
            if (v == null || v.isNull()) {
                if (fallback == null) throw error(key, "is required");
                return fallback;
            }
            if (!v.isValueNode()) throw error(key, "must be a single value");
            return v.asText();
        }

        double number(JsonNode node, String key, double fallback) {
            JsonNode v = node.get(key.substring(key.lastIndexOf('.') + 1));
            if (v == null || v.isNull()) return fallback;
            if (!v.isNumber()) throw error(key, "'" + v.asText() + "' is not a number");
            return v.asDouble();
        }

        boolean bool(JsonNode node, String key, boolean fallback) {
            JsonNode v = node.get(key.substring(key.lastIndexOf('.') + 1));
            if (v == null || v.isNull()) return fallback;
            if (!v.isBoolean()) throw error(key, "'" + v.asText() + "' is not true or false");
            return v.asBoolean();
        }

        <E extends Enum<E>> E choice(JsonNode node, String key, Class<E> type, E fallback) {
            JsonNode v = node.get(key.substring(key.lastIndexOf('.') + 1));
            if (v == null || v.isNull()) return fallback;
            try {
                return Enum.valueOf(type, v.asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error(key, "'" + v.asText() + "' is invalid (valid: "
                        + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ")");
            }
        }

        Path path(JsonNode node, String key, Path dir) {
            return path(node, key, dir, key);
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
