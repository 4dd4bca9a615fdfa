package io.evomerge.checkpoint;

import java.util.Map;

/**
 * How a checkpoint is written. {@code shardSize}: bytes per shard (0 = one file); {@code metadata}: the
 * {@code __metadata__} map written into every file.
 */
public record WriteOptions(long shardSize, Map<String, String> metadata) {
    public WriteOptions {
        if (shardSize < 0) throw new IllegalArgumentException("shard size must be >= 0, was " + shardSize);
        metadata = Map.copyOf(metadata);
    }

    public static WriteOptions single(Map<String, String> metadata) {
        return new WriteOptions(0, metadata);
    }
}
