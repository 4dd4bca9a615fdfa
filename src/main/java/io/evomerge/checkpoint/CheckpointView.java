package io.evomerge.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint assembled from tensors of other checkpoints under new names (a frankenmerge's renumbered layers, a
 * slice of a model), or with zeros in place of the float tensors. It reads through to the sources and owns none of
 * them: closing it closes nothing.
 */
public final class CheckpointView implements Checkpoint {
    /** Where one tensor of the view comes from; {@code zero}: the view holds zeros of the source's shape. */
    public record Source(Checkpoint checkpoint, String name, boolean zero) {
    }

    private final Path location;
    private final Map<String, Source> sources;
    private final Map<String, TensorInfo> tensors;

    /** {@code sources}: each tensor's name in the view, in the view's order, and where it comes from. */
    public CheckpointView(Path location, Map<String, Source> sources) {
        this.location = location;
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        Map<String, TensorInfo> infos = new LinkedHashMap<>();
        sources.forEach((name, s) -> {
            TensorInfo t = s.checkpoint().tensor(s.name());
            infos.put(name, new TensorInfo(name, t.dtype(), t.shape(), t.file(), t.offset(), t.byteSize()));
        });
        this.tensors = Collections.unmodifiableMap(infos);
    }

    @Override
    public Path location() {
        return location;
    }

    @Override
    public List<TensorInfo> tensors() {
        return new ArrayList<>(tensors.values());
    }

    @Override
    public TensorInfo tensor(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) throw new CheckpointException(location + ": no tensor named " + name);
        return t;
    }

    @Override
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    @Override
    public Map<String, String> metadata() {
        return sources.isEmpty() ? Map.of() : sources.values().iterator().next().checkpoint().metadata();
    }

    @Override
    public void readFloats(String name, long start, float[] dst, int dstOffset, int length) {
        Source s = source(name);
        if (s.zero()) Arrays.fill(dst, dstOffset, dstOffset + length, 0f);
        else s.checkpoint().readFloats(s.name(), start, dst, dstOffset, length);
    }

    @Override
    public byte[] rawBytes(String name) {
        Source s = source(name);
        if (s.zero()) return new byte[Math.toIntExact(tensor(name).byteSize())];
        return s.checkpoint().rawBytes(s.name());
    }

    private Source source(String name) {
        Source s = sources.get(name);
        if (s == null) throw new CheckpointException(location + ": no tensor named " + name);
        return s;
    }

    @Override
    public void close() {
    }
}
