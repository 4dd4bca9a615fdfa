package io.evomerge.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.evomerge.EvomergeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** A YAML mapping with its file and key path, so that every error names both and the valid values. */
final class YamlNode {
    private final Path file;
    private final String path;
    private final JsonNode node;

    YamlNode(Path file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
        if (!node.isObject()) {
            throw error(path, "must be a mapping, found " + kind(node));
        }
    }

    EvomergeException error(String key, String problem) {
        return new EvomergeException(file + ": " + key + ": " + problem);
    }

    private String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Refuses keys outside {@code valid}, naming the first one and the valid keys. */
    void onlyKeys(Set<String> valid, List<String> ordered) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!valid.contains(name)) {
                throw error(key(name), "unknown key; valid keys" + (path.isEmpty() ? "" : " of " + path) + ": "
                        + String.join(", ", ordered));
            }
        }
    }

    boolean has(String name) {
        return node.hasNonNull(name);
    }

    JsonNode raw(String name) {
        return node.get(name);
    }

    YamlNode child(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : new YamlNode(file, key(name), value);
    }

    List<YamlNode> list(String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw error(key(name), "must be a non-empty list");
        }
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            out.add(new YamlNode(file, key(name) + "[" + i + "]", value.get(i)));
        }
        return out;
    }

    String string(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw error(key(name), "is required");
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw error(key(name), "must be a string, found " + kind(value));
        }
        return value.asText();
    }

    String string(String name, String fallback) {
        return has(name) ? string(name) : fallback;
    }

    long integer(String name, long min, long max, Long fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw error(key(name), "is required (an integer in [" + min + ", " + max + "])");
            }
            return fallback;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < min
                || value.asLong() > max) {
            throw error(key(name), "must be an integer in [" + min + ", " + max + "], found " + value);
        }
        return value.asLong();
    }

    Integer optionalInt(String name, int min, int max) {
        return has(name) ? (int) integer(name, min, max, null) : null;
    }

    double decimal(String name, double min, double max, boolean maxInclusive, double fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        String range = "[" + min + ", " + max + (maxInclusive ? "]" : ")");
        if (!value.isNumber() || !(value.asDouble() >= min)
                || (maxInclusive ? value.asDouble() > max : value.asDouble() >= max)) {
            throw error(key(name), "must be a number in " + range + ", found " + value);
        }
        return value.asDouble();
    }

    boolean bool(String name, boolean fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw error(key(name), "must be true or false, found " + kind(value));
        }
        return value.asBoolean();
    }

    String keyPath(String name) {
        return key(name);
    }

    JsonNode json() {
        return node;
    }

    private static String kind(JsonNode value) {
        return value.isTextual() ? "'" + value.asText() + "'" : value.getNodeType().name().toLowerCase();
    }
}
