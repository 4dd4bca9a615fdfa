package io.evomerge.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.evomerge.EvomergeException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Builds Jackson's tree from YAML tokens, keeping the key path, so that a key given twice, a non-finite number
 * ({@code .nan}, {@code .inf}, {@code 1e400}) and an alias ({@code *name}) are refused naming the key, which
 * Jackson's own reader cannot do.
 */
final class YamlTree {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlTree() {
    }

    static JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new EvomergeException(file + ": no such file");
        } catch (IOException e) {
            throw new EvomergeException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        JsonNode tree = parse(file, "", text);
        if (tree == null) throw new EvomergeException(file + ": the file is empty; see experiments/ for examples");
        return tree;
    }

    /** The tree of {@code yaml}, null when it holds no value; {@code path} prefixes key paths in errors. */
    static JsonNode parse(Path file, String path, String yaml) {
        try (JsonParser p = YAML.createParser(yaml)) {
            JsonToken t = p.nextToken();
            return t == null ? null : value(file, path, p, t);
        } catch (JacksonException e) {
            String why = e.getOriginalMessage().lines().findFirst().orElse("").trim();
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new EvomergeException(file + ": invalid YAML" + (line > 0 ? " at line " + line : "") + ": " + why, e);
        } catch (IOException e) {
            throw new EvomergeException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static JsonNode value(Path file, String path, JsonParser p, JsonToken t) throws IOException {
        // Jackson gives an alias as its anchor's name, a silently wrong value
        if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            throw new EvomergeException(file + ": " + (path.isEmpty() ? "" : path + ": ") + "the alias *"
                    + p.getText() + " is not supported; write the value out");
        }
        return switch (t) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    String key = path.isEmpty() ? name : path + "." + name;
                    if (object.has(name)) {
                        throw new EvomergeException(file + ": " + key + ": the key is given twice; keep one");
                    }
                    object.set(name, value(file, key, p, p.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    array.add(value(file, path + "[" + array.size() + "]", p, e));
                }
                yield array;
            }
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> {
                String written = p.getText();
                double d;
                try {
                    d = p.getDoubleValue();
                } catch (JacksonException e) { // .nan, .inf: Jackson cannot read YAML's non-finite numbers
                    d = Double.NaN;
                }
                if (!Double.isFinite(d)) {
                    throw new EvomergeException(file + ": " + (path.isEmpty() ? "" : path + ": ")
                            + "must be a finite number, found " + written);
                }
                yield NODES.numberNode(d);
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new EvomergeException(file + ": " + path + ": unexpected YAML token " + t);
        };
    }
}
