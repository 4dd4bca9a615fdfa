package io.evomerge.search;

import io.evomerge.config.YamlNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reading and checking gene values given in strategy options ({@code start}, grid {@code values}). */
final class OptionValues {
    private OptionValues() {
    }

    /** The {@code start} mapping, gene → value (empty when absent). */
    static Map<String, Object> start(YamlNode o) {
        Map<String, Object> start = new LinkedHashMap<>();
        YamlNode s = o.mapping("start");
        if (s != null) {
            for (String gene : s.keys()) start.put(gene, scalar(s.get(gene)));
        }
        return start;
    }

    /** A gene value: a number (whole numbers as Integer or Long, as Jackson reads them) or text. */
    static Object scalar(YamlNode v) {
        if (v == null) throw new IllegalStateException("null gene value");
        if (v.isNumber()) return v.json().numberValue();
        if (v.isText()) return v.text();
        throw v.error("must be a number or a word, found " + v.found());
    }

    static void checkStart(Map<String, Object> start, SearchSpace space) {
        start.forEach((gene, value) -> encode(gene(space, "start", gene), "start." + gene, value));
    }

    static Param gene(SearchSpace space, String option, String gene) {
        return space.params().stream().filter(p -> p.name().equals(gene)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(option + "." + gene + ": names no gene; genes: "
                        + String.join(", ", space.params().stream().map(Param::name).toList())));
    }

    static void encode(Param p, String key, Object value) {
        try {
            p.encode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }
}
