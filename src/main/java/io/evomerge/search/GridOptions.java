package io.evomerge.search;

import io.evomerge.config.Range;
import io.evomerge.config.YamlNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grid's settings: points scored per generation, evenly spaced points per real gene, and explicit axis
 * values per gene (a choice gene otherwise takes all its options).
 */
public record GridOptions(int batch, int points, Map<String, List<Object>> values) implements StrategyOptions {
    public static final GridOptions DEFAULT = new GridOptions(8, 5, Map.of());
    static final Range BATCH = Range.closed(1, 100_000);
    static final Range POINTS = Range.closed(1, 100_000);

    public GridOptions {
        Map<String, List<Object>> copy = new LinkedHashMap<>();
        values.forEach((gene, axis) -> copy.put(gene, List.copyOf(axis)));
        values = Collections.unmodifiableMap(copy);
    }

    static GridOptions read(YamlNode o) {
        o.onlyKeys(List.of("batch", "points", "values"));
        Map<String, List<Object>> values = new LinkedHashMap<>();
        YamlNode v = o.mapping("values");
        if (v != null) {
            for (String gene : v.keys()) {
                List<YamlNode> axis = v.list(gene);
                values.put(gene, axis.stream().map(OptionValues::scalar).toList());
            }
        }
        return new GridOptions(o.integer("batch", BATCH, DEFAULT.batch()), o.integer("points", POINTS,
                DEFAULT.points()), values);
    }

    @Override
    public String strategy() {
        return "grid";
    }

    @Override
    public void check(SearchSpace space) {
        for (var e : values.entrySet()) {
            Param p = OptionValues.gene(space, "values", e.getKey());
            for (Object x : e.getValue()) {
                OptionValues.encode(p, "values." + e.getKey(), x);
            }
        }
    }
}
