package io.evomerge.search;

import io.evomerge.config.Range;
import io.evomerge.config.YamlNode;

import java.util.List;

/** Random search's settings: independent uniform points scored per generation. */
public record RandomOptions(int batch) implements StrategyOptions {
    public static final RandomOptions DEFAULT = new RandomOptions(8);
    static final Range BATCH = Range.closed(1, 100_000);

    static RandomOptions read(YamlNode o) {
        o.onlyKeys(List.of("batch"));
        return new RandomOptions(o.integer("batch", BATCH, DEFAULT.batch()));
    }

    @Override
    public String strategy() {
        return "random";
    }
}
