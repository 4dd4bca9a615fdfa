package io.evomerge.merge;

import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.TensorInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Everything about a merge that does not depend on the per-model weights or λ, computed once for a set of
 * {@link MergeSettings} (PCB's scores, TIES's trimmed vectors, CABS's masks, DARE's drops) and kept in memory, so
 * that each search candidate costs one pass: {@link #apply} writes the merged model into a caller-given buffer.
 *
 * <p>Memory: the base's float tensors plus each model's kept entries (dense 4 bytes per entry, sparse 8 bytes per
 * kept entry). {@link #estimateBytes} predicts it before building. Read-only once built: several threads may
 * {@link #apply} one plan at once, each into its own buffer.
 */
public final class MergePlan {
    private final MergeSettings settings;
    private final Map<String, float[]> base;
    private final List<List<TensorPlan>> rows;
    private final boolean electsSigns;
    private final int longestRow;
    private final int models;
    private final List<String> unplanned;
    private final int layers;

    private MergePlan(MergeSettings settings, Map<String, float[]> base, List<List<TensorPlan>> rows, int models) {
        this.settings = settings;
        this.base = base;
        this.rows = rows;
        this.models = models;
        java.util.Set<String> planned = new java.util.HashSet<>();
        for (List<TensorPlan> row : rows) for (TensorPlan p : row) planned.add(p.name());
        this.unplanned = base.keySet().stream().filter(n -> !planned.contains(n)).toList();
        this.layers = LayerWeights.layers(base.keySet());
        this.electsSigns = settings.method().electsSigns();
        this.longestRow = Math.toIntExact(rows.stream()
                .mapToLong(r -> r.stream().mapToLong(p -> base.get(p.name()).length).sum()).max().orElse(0));
    }

    /** Builds the plan; refuses (naming the limit) when its estimated size exceeds {@code memoryLimitBytes}. */
    public static MergePlan build(MergeSettings settings, Checkpoint baseModel, List<Checkpoint> models, long memoryLimitBytes) {
        return build(LayerSettings.constant(settings), baseModel, models, memoryLimitBytes);
    }

    /**
     * As above with plan parameters that vary over the layers: each tensor is planned with its own settings, and
     * when they differ between tensors each tensor is its own row (per-tensor statistics), as {@code evomerge merge}
     * plans the same values written as gradients.
     */
    public static MergePlan build(LayerSettings layered, Checkpoint baseModel, List<Checkpoint> models, long memoryLimitBytes) {
        MergeSettings settings = layered.settings();
        Function<String, MergeSettings> perTensor = layered.perTensor(
                baseModel.tensors().stream().map(TensorInfo::name).toList());
        TaskSource source = new TaskSource(baseModel, models, Exclusions.of(settings.exclude()));
        java.util.Set<MergeSettings> distinct = new java.util.LinkedHashSet<>();
        distinct.add(settings);
        for (TensorInfo t : source.mergedTensors()) distinct.add(perTensor.apply(t.name()));
        long estimate = 0;
        for (MergeSettings s : distinct) {
            MergeSettingsCheck.validate(s, models.size());
            estimate = Math.max(estimate, estimateBytes(s, source));
        }
        if (estimate > memoryLimitBytes) {
            throw new EvomergeException("merge plan for " + settings.method().configName() + " needs about "
                    + estimate / (1 << 20) + " MiB, over the memory limit of " + memoryLimitBytes / (1 << 20)
                    + " MiB; raise the limit (-Xmx / --memory-limit), lower the kept fraction, or merge to disk with `evomerge merge`");
        }
        Map<String, float[]> base = new LinkedHashMap<>();
        for (TensorInfo t : baseModel.tensors()) {
            if (t.dtype().isFloating()) base.put(t.name(), baseModel.floats(t.name()));
        }
        List<List<TensorPlan>> rows = new ArrayList<>();
        Planner.forEachRow(perTensor, source, rows::add);
        return new MergePlan(settings, base, rows, models.size());
    }

    static long estimateBytes(MergeSettings s, TaskSource source) {
        long d = 0, all = 0;
        for (TensorInfo t : source.base().tensors()) {
            if (t.dtype().isFloating()) all += t.numel();
            if (source.merged(t)) d += t.numel();
        }
        long bytes = 4 * all + (s.method().electsSigns() ? 4 * d : 0); // TIES keeps Σ wi·ti over a row
        for (int i = 0; i < source.modelCount(); i++) {
            bytes += (long) (d * Math.min(4.0, 8.0 * s.method().keptFraction(s, i)));
        }
        return bytes;
    }

    public MergeSettings settings() {
        return settings;
    }

    /** A new buffer shaped like the merged model. */
    public MergedTensors newBuffer() {
        Map<String, float[]> out = new LinkedHashMap<>();
        base.forEach((name, values) -> out.put(name, new float[values.length]));
        return new MergedTensors(out);
    }

    /** Writes the merged model for {@code w} into {@code out} (a buffer from {@link #newBuffer()}). */
    public void apply(MergeWeights w, MergedTensors out) {
        if (w.weights().length != models) {
            throw new IllegalArgumentException("expected " + models + " weights, got " + w.weights().length);
        }
        Coefficients c = Coefficients.of(settings, w);
        float[] weights = w.asFloats();
        apply(name -> c, name -> weights, name -> w.lambda(), out);
    }

    /** As {@link #apply(MergeWeights, MergedTensors)} with weights that vary over the layers. */
    public void apply(LayerWeights w, MergedTensors out) {
        if (w.groups().size() != models) {
            throw new IllegalArgumentException("expected " + models + " weight lists, got " + w.groups().size());
        }
        apply(name -> Coefficients.of(settings, w.at(name, layers)), name -> w.at(name, layers).asFloats(),
                name -> w.lambda(), out);
    }

    private void apply(Function<String, Coefficients> coefficients, Function<String, float[]> weights,
                       ToDoubleFunction<String> lambda, MergedTensors out) {
        Map<String, float[]> outs = out.tensors();
        // tensors outside every plan (excluded, e.g. heads) keep the base; planned ones are written whole below
        for (String name : unplanned) System.arraycopy(base.get(name), 0, outs.get(name), 0, base.get(name).length);
        float[] sum = electsSigns ? out.electionSums(longestRow) : null;
        for (List<TensorPlan> row : rows) {
            if (!electsSigns) {
                row.parallelStream().forEach(p -> {
                    Coefficients c = coefficients.apply(p.name());
                    Combiner.linear(base.get(p.name()), p, c.baseScale(), c.perModel(), outs.get(p.name()));
                });
            } else {
                Combiner.consensus(row, base, weights, lambda, settings.normalize(), outs, sum);
            }
        }
    }

    /** Bytes held by the plan (base copy plus contributions). */
    public long bytes() {
        long b = 0;
        for (float[] v : base.values()) b += 4L * v.length;
        for (List<TensorPlan> row : rows) for (TensorPlan p : row) b += p.bytes();
        return b;
    }
}
