package io.evomerge.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.evomerge.EvomergeException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A value of a YAML config (mapping, list or scalar) with its file and key path as written there
 * ({@code search[0].parameters.ratio}), so that every check names both. The typed getters refuse wrong types
 * ({@code "ten"} or {@code 2.5} for an integer, {@code "yes"} for a boolean) and out-of-range values; {@link #read}
 * already refused duplicate keys and non-finite numbers. Errors are {@link EvomergeException}s of one line:
 * {@code FILE: KEY.PATH: what is wrong and what is valid}.
 */
public final class YamlNode {
    private final Path file;
    private final String path;
    private final JsonNode node;

    private YamlNode(Path file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** Reads {@code file}, whose top level must be a mapping. */
    public static YamlNode read(Path file) {
        YamlNode root = new YamlNode(file, "", YamlTree.read(file));
        if (!root.isMapping()) {
            throw new EvomergeException(file + ": the top level must be a mapping of keys, found " + root.found());
        }
        return root;
    }

    /** Parses YAML text as if read from {@code file} at key {@code path} (a section of a larger config). */
    public static YamlNode parse(Path file, String path, String yaml) {
        return new YamlNode(file, path, YamlTree.parse(file, path, yaml));
    }

    public Path file() {
        return file;
    }

    /** The key path of this value ({@code ""} at the top). */
    public String path() {
        return path;
    }

    /** The key path of this mapping's key {@code name}. */
    public String keyPath(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** An error about this value. */
    public EvomergeException error(String problem) {
        return new EvomergeException(file + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    /** An error about this mapping's key {@code name} (present or not). */
    public EvomergeException error(String name, String problem) {
        return new EvomergeException(file + ": " + keyPath(name) + ": " + problem);
    }

    public boolean isMapping() {
        return node.isObject();
    }

    public boolean isList() {
        return node.isArray();
    }

    public boolean isNumber() {
        return node.isNumber();
    }

    public boolean isText() {
        return node.isTextual();
    }

    public boolean isBoolean() {
        return node.isBoolean();
    }

    /** This mapping's keys in file order. */
    public List<String> keys() {
        mapping();
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** Whether this mapping has {@code name} with a non-null value. */
    public boolean has(String name) {
        return mapping().node.hasNonNull(name);
    }

    /** Whether this mapping has {@code name} at all, even as {@code name: null}. */
    public boolean hasKey(String name) {
        return mapping().node.has(name);
    }

    /** Refuses keys outside {@code valid}, naming the first and listing the valid ones in their order. */
    public void onlyKeys(Collection<String> valid) {
        for (String name : keys()) {
            if (!valid.contains(name)) {
                throw error(name, "unknown key; valid keys" + (path.isEmpty() ? "" : " of " + path) + ": "
                        + String.join(", ", valid));
            }
        }
    }

    /** The value of key {@code name}, or null when absent or null. */
    public YamlNode get(String name) {
        JsonNode value = mapping().node.get(name);
        return value == null || value.isNull() ? null : new YamlNode(file, keyPath(name), value);
    }

    /** The mapping under {@code name}, or null when absent. */
    public YamlNode mapping(String name) {
        YamlNode value = get(name);
        return value == null ? null : value.mapping();
    }

    /** This value, which must be a mapping. */
    public YamlNode mapping() {
        if (!node.isObject()) throw error("must be a mapping of keys, found " + found());
        return this;
    }

    /** The non-empty list under {@code name} (required). */
    public List<YamlNode> list(String name) {
        YamlNode value = get(name);
        if (value == null) throw error(name, "is required (a non-empty list)");
        List<YamlNode> items = value.items();
        if (items.isEmpty()) throw value.error("must be a non-empty list");
        return items;
    }

    /** The items of this list. */
    public List<YamlNode> items() {
        if (!node.isArray()) throw error("must be a list, found " + found());
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new YamlNode(file, path + "[" + i + "]", node.get(i)));
        }
        return out;
    }

    /** The non-empty text under {@code name} (required). */
    public String text(String name) {
        YamlNode value = get(name);
        if (value == null) throw error(name, "is required");
        return value.text();
    }

    /** The non-empty text under {@code name}, or {@code fallback} when absent. */
    public String text(String name, String fallback) {
        return has(name) ? text(name) : fallback;
    }

    /** This value as non-empty text. */
    public String text() {
        if (!node.isTextual()) throw error("must be text, found " + found());
        if (node.asText().isBlank()) throw error("must not be empty");
        return node.asText();
    }

    /** The whole number under {@code name} in {@code range}; {@code fallback} when absent (null: required). */
    public long integer(String name, Range range, Long fallback) {
        YamlNode value = get(name);
        if (value == null) {
            if (fallback == null) throw error(name, "is required (an integer in " + range + ")");
            return fallback;
        }
        return value.integer(range);
    }

    /** {@link #integer(String, Range, Long)} for int-sized values. */
    public int integer(String name, Range range, int fallback) {
        return (int) integer(name, range, (Long) (long) fallback);
    }

    /** The whole number under {@code name} in {@code range}, or null when absent. */
    public Integer optionalInteger(String name, Range range) {
        return has(name) ? (int) integer(name, range, null) : null;
    }

    /** This value as a whole number in {@code range}. */
    public long integer(Range range) {
        if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong()
                || !range.contains(node.asLong())) {
            throw error("must be an integer in " + range + ", found " + found());
        }
        return node.asLong();
    }

    /** The number under {@code name} in {@code range}; {@code fallback} when absent. */
    public double number(String name, Range range, double fallback) {
        YamlNode value = get(name);
        return value == null ? fallback : value.number(range);
    }

    /** This value as a number in {@code range}. */
    public double number(Range range) {
        if (!node.isNumber() || !range.contains(node.asDouble())) {
            throw error("must be a number in " + range + ", found " + found());
        }
        return node.asDouble();
    }

    /** The boolean under {@code name}; {@code fallback} when absent. */
    public boolean bool(String name, boolean fallback) {
        YamlNode value = get(name);
        return value == null ? fallback : value.bool();
    }

    /** This value as true or false. */
    public boolean bool() {
        if (!node.isBoolean()) throw error("must be true or false, found " + found());
        return node.asBoolean();
    }

    /** This value as the user wrote it, for messages: text quoted, numbers as written, lists and mappings named. */
    public String found() {
        if (node.isTextual()) return "'" + node.asText() + "'";
        if (node.isNumber()) return node.toString();
        if (node.isArray()) return "a list";
        if (node.isObject()) return "a mapping";
        return node.asText();
    }

    /** The value as Jackson's tree (for code that converts a checked section wholesale). */
    public JsonNode json() {
        return node;
    }
}
