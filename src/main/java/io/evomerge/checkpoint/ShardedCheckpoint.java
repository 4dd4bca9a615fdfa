package io.evomerge.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face sharded checkpoint: {@code model.safetensors.index.json} ({@code weight_map}: tensor → shard file)
 * plus the shards. Each shard is mapped on open (mapping costs address space, not memory).
 */
final class ShardedCheckpoint implements Checkpoint {
    static final String INDEX = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path folder;
    private final List<SafetensorsFile> shards;
    private final Map<String, SafetensorsFile> owner;
    private final List<TensorInfo> tensors;
    private final Map<String, String> metadata;

    private ShardedCheckpoint(Path folder, List<SafetensorsFile> shards, Map<String, SafetensorsFile> owner) {
        this.folder = folder;
        this.shards = shards;
        this.owner = owner;
        List<TensorInfo> all = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        for (SafetensorsFile s : shards) {
            all.addAll(s.tensors());
            meta.putAll(s.metadata());
        }
        this.tensors = List.copyOf(all);
        this.metadata = Collections.unmodifiableMap(meta);
    }

    static ShardedCheckpoint open(Path folder, OpenOptions options) {
        Path index = folder.resolve(INDEX);
        Map<String, String> weightMap = readWeightMap(index);
        Map<String, SafetensorsFile> byShard = new LinkedHashMap<>();
        Map<String, SafetensorsFile> owner = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> e : weightMap.entrySet()) {
                String shardName = e.getValue();
                if (shardName.contains("/") || shardName.contains("\\")) {
                    throw new CheckpointException(index + ": shard name '" + shardName + "' must be a file in the same folder");
                }
                SafetensorsFile shard = byShard.get(shardName);
                if (shard == null) {
                    Path p = folder.resolve(shardName);
                    if (!Files.isRegularFile(p)) {
                        throw new CheckpointException(index + ": tensor " + e.getKey() + " is mapped to missing shard " + p);
                    }
                    shard = SafetensorsFile.open(p, options);
                    byShard.put(shardName, shard);
                }
                if (!shard.contains(e.getKey())) {
                    throw new CheckpointException(index + ": tensor " + e.getKey() + " is mapped to "
                            + shardName + ", which does not contain it");
                }
                owner.put(e.getKey(), shard);
            }
            for (SafetensorsFile shard : byShard.values()) {
                for (TensorInfo t : shard.tensors()) {
                    if (owner.get(t.name()) != shard) {
                        throw new CheckpointException(shard.location() + ": tensor " + t.name()
                                + " is not mapped to this shard in " + INDEX);
                    }
                }
            }
        } catch (RuntimeException e) {
            byShard.values().forEach(SafetensorsFile::close);
            throw e;
        }
        return new ShardedCheckpoint(folder, List.copyOf(byShard.values()), owner);
    }

    private static Map<String, String> readWeightMap(Path index) {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new CheckpointException(index + ": invalid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new CheckpointException(index + ": missing the 'weight_map' object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw new CheckpointException(index + ": weight_map entry " + e.getKey() + " is not a file name");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    private SafetensorsFile shardOf(String name) {
        SafetensorsFile s = owner.get(name);
        if (s == null) throw new CheckpointException(folder + ": no tensor named " + name);
        return s;
    }

    @Override
    public Path location() {
        return folder;
    }

    @Override
    public List<TensorInfo> tensors() {
        return tensors;
    }

    @Override
    public TensorInfo tensor(String name) {
        return shardOf(name).tensor(name);
    }

    @Override
    public boolean contains(String name) {
        return owner.containsKey(name);
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void readFloats(String name, long start, float[] dst, int dstOffset, int length) {
        shardOf(name).readFloats(name, start, dst, dstOffset, length);
    }

    @Override
    public byte[] rawBytes(String name) {
        return shardOf(name).rawBytes(name);
    }

    @Override
    public void close() {
        shards.forEach(SafetensorsFile::close);
    }
}
