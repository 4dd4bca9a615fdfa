package io.evomerge.merge;

import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointView;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.OpenOptions;
import io.evomerge.checkpoint.TensorInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checkpoints a config merges, opened once each and laid out as the output: with {@code slices:}, each model is
 * a view whose layers are the slice ranges renumbered in output order (the base likewise); passthrough's one model
 * is the stack of its slices. Without a base, the first model serves as θ0 (nuslerp: zeros, so that it interpolates
 * the models themselves). Closing closes every opened checkpoint.
 */
public final class MergeInputs implements AutoCloseable {
    private final Map<Path, Checkpoint> opened = new LinkedHashMap<>();
    private final Checkpoint base;
    private final List<Checkpoint> models;
    private final ConfigSchedule schedule;
    private final int outputLayers;
    private final Path sideFiles;

    private MergeInputs(MergeConfig c, OpenOptions options) {
        try {
            for (Path p : referenced(c)) opened.put(p, Checkpoints.open(p, options));
            List<ConfigSchedule.Span> spans = new ArrayList<>();
            if (c.slices().isEmpty()) {
                List<Checkpoint> ms = c.models().stream().map(opened::get).toList();
                Checkpoint b = c.baseModel() != null ? opened.get(c.baseModel())
                        : c.method() == MergeMethod.NUSLERP ? zeros(ms.getFirst(), c.settings()) : ms.getFirst();
                this.models = c.method() == MergeMethod.PASSTHROUGH ? List.of(b) : ms;
                this.base = b;
                spans.add(new ConfigSchedule.Span(0, LayerNames.count(names(b))));
                this.outputLayers = -1;
            } else {
                int offset = 0;
                for (MergeConfig.Slice s : c.slices()) {
                    for (MergeConfig.SliceSource src : s.sources()) checkRange(c, src);
                    if (s.base() != null) checkRange(c, s.base());
                    spans.add(new ConfigSchedule.Span(offset, s.count()));
                    offset += s.count();
                }
                this.outputLayers = offset;
                if (c.method() == MergeMethod.PASSTHROUGH) {
                    Checkpoint stack = stack(c);
                    this.base = stack;
                    this.models = List.of(stack);
                } else {
                    List<Checkpoint> ms = new ArrayList<>();
                    for (int i = 0; i < c.models().size(); i++) {
                        int model = i;
                        ms.add(view(c, c.models().get(i), s -> s.sources().get(model)));
                    }
                    this.models = ms;
                    this.base = c.baseModel() != null
                            ? view(c, c.baseModel(), s -> s.base() != null ? s.base() : withModel(s.sources().getFirst(), c.baseModel()))
                            : c.method() == MergeMethod.NUSLERP ? zeros(ms.getFirst(), c.settings()) : ms.getFirst();
                }
            }
            this.schedule = new ConfigSchedule(c.parameters(), spans);
            Path first = c.baseModel() != null ? c.baseModel()
                    : c.slices().isEmpty() ? c.models().getFirst() : c.slices().getFirst().sources().getFirst().model();
            this.sideFiles = Checkpoints.folderOf(first);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Opens the config's checkpoints (headers only; data is read as the merge goes). */
    public static MergeInputs open(MergeConfig c, OpenOptions options) {
        return new MergeInputs(c, options);
    }

    public Checkpoint base() {
        return base;
    }

    public List<Checkpoint> models() {
        return models;
    }

    public Schedule schedule() {
        return schedule;
    }

    /** The output's number of layers when slices change it (for config.json), or −1 for the models form. */
    public int outputLayers() {
        return outputLayers;
    }

    /** The folder whose config and tokenizer the output carries. */
    public Path sideFiles() {
        return sideFiles;
    }

    private static List<Path> referenced(MergeConfig c) {
        List<Path> out = new ArrayList<>();
        if (c.baseModel() != null) out.add(c.baseModel());
        out.addAll(c.models());
        for (MergeConfig.Slice s : c.slices()) for (MergeConfig.SliceSource src : s.sources()) out.add(src.model());
        return out.stream().distinct().toList();
    }

    private void checkRange(MergeConfig c, MergeConfig.SliceSource src) {
        int layers = LayerNames.count(names(opened.get(src.model())));
        if (src.to() > layers) {
            throw new EvomergeException(c.source() + ": " + src.key() + ".layer_range: [" + src.from() + ", " + src.to()
                    + "] goes past the " + layers + " layers of " + src.model());
        }
    }

    private static MergeConfig.SliceSource withModel(MergeConfig.SliceSource s, Path model) {
        return new MergeConfig.SliceSource(s.key(), model, s.from(), s.to());
    }

    /** {@code model}'s tensors laid out as the output: its tensors outside the layers, and each slice's layers. */
    private Checkpoint view(MergeConfig c, Path model, java.util.function.Function<MergeConfig.Slice, MergeConfig.SliceSource> range) {
        Checkpoint m = opened.get(model);
        Map<String, CheckpointView.Source> out = new LinkedHashMap<>();
        for (TensorInfo t : m.tensors()) {
            if (LayerNames.layer(t.name()) < 0 && LayerNames.beforeLayers(t.name())) out.put(t.name(), source(m, t.name()));
        }
        int offset = 0;
        for (MergeConfig.Slice s : c.slices()) {
            MergeConfig.SliceSource src = range.apply(s);
            addLayers(out, opened.get(src.model()), src.from(), src.to(), offset);
            offset += s.count();
        }
        for (TensorInfo t : m.tensors()) {
            if (LayerNames.layer(t.name()) < 0 && !LayerNames.beforeLayers(t.name())) out.put(t.name(), source(m, t.name()));
        }
        return new CheckpointView(m.location(), out);
    }

    /** Passthrough: the slices' layers stacked; embeddings from the first slice's model, the rest from the last's. */
    private Checkpoint stack(MergeConfig c) {
        Checkpoint first = opened.get(c.slices().getFirst().sources().getFirst().model());
        Checkpoint last = opened.get(c.slices().getLast().sources().getFirst().model());
        Map<String, CheckpointView.Source> out = new LinkedHashMap<>();
        for (TensorInfo t : first.tensors()) {
            if (LayerNames.layer(t.name()) < 0 && LayerNames.beforeLayers(t.name())) out.put(t.name(), source(first, t.name()));
        }
        int offset = 0;
        for (MergeConfig.Slice s : c.slices()) {
            MergeConfig.SliceSource src = s.sources().getFirst();
            addLayers(out, opened.get(src.model()), src.from(), src.to(), offset);
            offset += s.count();
        }
        for (TensorInfo t : last.tensors()) {
            if (LayerNames.layer(t.name()) < 0 && !LayerNames.beforeLayers(t.name())) out.put(t.name(), source(last, t.name()));
        }
        return new CheckpointView(first.location(), out);
    }

    /** Layers [from, to) of {@code m} as output layers offset, offset + 1, ... (each layer's tensors in file order). */
    private static void addLayers(Map<String, CheckpointView.Source> out, Checkpoint m, int from, int to, int offset) {
        TreeMap<Integer, List<String>> byLayer = new TreeMap<>();
        for (TensorInfo t : m.tensors()) {
            int l = LayerNames.layer(t.name());
            if (l >= from && l < to) byLayer.computeIfAbsent(l, k -> new ArrayList<>()).add(t.name());
        }
        byLayer.forEach((l, names) -> {
            for (String n : names) out.put(LayerNames.withLayer(n, offset + l - from), source(m, n));
        });
    }

    /** Zeros in place of {@code like}'s merged float tensors; excluded and integer tensors are {@code like}'s own. */
    private static Checkpoint zeros(Checkpoint like, MergeSettings s) {
        var excluded = Exclusions.of(s.exclude());
        Map<String, CheckpointView.Source> out = new LinkedHashMap<>();
        for (TensorInfo t : like.tensors()) {
            out.put(t.name(), new CheckpointView.Source(like, t.name(), t.dtype().isFloating() && !excluded.test(t.name())));
        }
        return new CheckpointView(like.location(), out);
    }

    private static CheckpointView.Source source(Checkpoint c, String name) {
        return new CheckpointView.Source(c, name, false);
    }

    private static List<String> names(Checkpoint c) {
        return c.tensors().stream().map(TensorInfo::name).toList();
    }

    @Override
    public void close() {
        opened.values().forEach(Checkpoint::close);
    }
}
