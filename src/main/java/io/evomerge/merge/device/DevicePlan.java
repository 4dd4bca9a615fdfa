package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.merge.Coefficients;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.MergeWeights;
import io.evomerge.merge.TaskSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The device backend's {@code MergePlan}: everything about a merge that does not depend on the weights or λ,
 * resident on the device (the base's float tensors and each model's dense contribution per tensor), so a candidate
 * costs one rebuild on the device, written in place into the caller's arrays ({@link #apply}).
 *
 * <p>Native memory: the plan owns one {@link NDManager} (a child of the backend's); {@link #close} frees it all.
 * Each {@link #apply} runs in its own {@link NDScope}, which frees its temporaries before it returns. Size: 4 bytes per base float entry plus
 * 4 × models per merged entry (dense: on a GPU a dense multiply-add beats a scatter), and for TIES a row-sized
 * temporary per candidate. Not thread-safe.
 */
public final class DevicePlan implements AutoCloseable {
    private final MergeSettings settings;
    private final NDManager manager;
    private final Map<String, NDArray> base;
    private final List<List<DeviceTensorPlan>> rows;
    private final List<String> unplanned;
    private final int models;

    private DevicePlan(MergeSettings settings, NDManager manager, Map<String, NDArray> base,
                       List<List<DeviceTensorPlan>> rows, int models) {
        this.settings = settings;
        this.manager = manager;
        this.base = base;
        this.rows = rows;
        this.models = models;
        java.util.Set<String> planned = new java.util.HashSet<>();
        for (List<DeviceTensorPlan> row : rows) for (DeviceTensorPlan p : row) planned.add(p.name());
        this.unplanned = base.keySet().stream().filter(n -> !planned.contains(n)).toList();
    }

    /** Builds the plan under {@code parent}; refuses (naming the limit) when its estimated size exceeds the limit. */
    static DevicePlan build(MergeSettings settings, Checkpoint baseModel, List<Checkpoint> models, NDManager parent,
                            Watermark watermark, long memoryLimitBytes) {
        TaskSource source = TaskSource.of(settings, baseModel, models);
        long estimate = estimateBytes(source);
        if (estimate > memoryLimitBytes) {
            throw new EvomergeException("device merge plan for " + settings.method().configName() + " needs about "
                    + estimate / (1 << 20) + " MiB, over the memory limit of " + memoryLimitBytes / (1 << 20)
                    + " MiB; raise --plan-cache, or merge to disk with `evomerge merge`");
        }
        NDManager manager = parent.newSubManager();
        try {
            Map<String, NDArray> base = new LinkedHashMap<>();
            for (TensorInfo t : baseModel.tensors()) {
                if (t.dtype().isFloating()) base.put(t.name(), manager.create(baseModel.floats(t.name())));
            }
            List<List<DeviceTensorPlan>> rows = new ArrayList<>();
            DevicePlanner.forEachRow(settings, source, manager, watermark,
                    (row, plans) -> rows.add(row.stream().map(plans::plan).toList()));
            return new DevicePlan(settings, manager, base, rows, models.size());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    static long estimateBytes(TaskSource source) {
        long all = 0, merged = 0;
        for (TensorInfo t : source.base().tensors()) {
            if (t.dtype().isFloating()) all += t.numel();
            if (source.merged(t)) merged += t.numel();
        }
        return 4 * all + 4 * merged * source.modelCount();
    }

    public MergeSettings settings() {
        return settings;
    }

    /** Bytes of device memory the plan holds (base plus contributions). */
    public long bytes() {
        long b = 0;
        for (NDArray a : base.values()) b += a.size() * Float.BYTES;
        for (List<DeviceTensorPlan> row : rows) for (DeviceTensorPlan p : row) b += p.bytes();
        return b;
    }

    /**
     * Writes the merged model for {@code w} into {@code targets} in place (tensor name → an array of that tensor's
     * size on this plan's device, e.g. a model's parameters). Tensors of the base that {@code targets} lacks are
     * skipped; a target the base lacks is refused.
     */
    public void apply(MergeWeights w, Map<String, NDArray> targets) {
        if (w.weights().length != models) {
            throw new IllegalArgumentException("expected " + models + " weights, got " + w.weights().length);
        }
        for (Map.Entry<String, NDArray> t : targets.entrySet()) {
            NDArray b = base.get(t.getKey());
            if (b == null) throw new IllegalArgumentException("the merge has no float tensor named " + t.getKey());
            if (b.size() != t.getValue().size()) {
                throw new IllegalArgumentException(t.getKey() + ": the target holds " + t.getValue().size()
                        + " values, the merge " + b.size());
            }
        }
        // every array made during the rebuild (products, sums, views) is freed when the scope closes, whichever
        // manager it is attached to; the targets, made before, are untouched
        try (NDScope candidate = new NDScope()) {
            candidate.suppressNotUsedWarning();
            for (String name : unplanned) {
                NDArray target = targets.get(name);
                if (target != null) target.set(DeviceCombiner.ALL, base.get(name).reshape(target.getShape()));
            }
            Coefficients c = Coefficients.of(settings, w);
            float[] weights = new float[models];
            for (int i = 0; i < models; i++) weights[i] = (float) w.weights()[i];
            for (List<DeviceTensorPlan> row : rows) {
                if (!settings.method().electsSigns()) {
                    for (DeviceTensorPlan p : row) {
                        NDArray target = targets.get(p.name());
                        if (target == null) continue;
                        DeviceCombiner.linear(base.get(p.name()), p.contributions(), c.baseScale(), c.perModel(), target);
                    }
                } else {
                    DeviceCombiner.consensus(row, base, weights, (float) w.lambda(), settings.normalize(), targets);
                }
            }
        }
    }

    /** Device arrays shaped like the merged model, for {@link #apply(MergeWeights, DeviceTargets)}. */
    public DeviceTargets newTargets() {
        NDManager scope = manager.newSubManager();
        Map<String, NDArray> targets = new LinkedHashMap<>();
        base.forEach((name, b) -> targets.put(name, scope.zeros(new Shape(b.size()))));
        return new DeviceTargets(scope, targets);
    }

    /** Writes the merged model for {@code w} into {@code targets} (made by {@link #newTargets}) in place. */
    public void apply(MergeWeights w, DeviceTargets targets) {
        apply(w, targets.arrays());
    }

    /** The merged model for {@code w} copied to the host: tensor name → values (row-major), every float tensor. */
    public Map<String, float[]> applyToHost(MergeWeights w) {
        try (DeviceTargets targets = newTargets()) {
            apply(w, targets);
            Map<String, float[]> out = new HashMap<>();
            targets.arrays().forEach((name, t) -> out.put(name, t.toFloatArray()));
            return out;
        }
    }

    /** The first target that holds a NaN or an infinity, or null. */
    public static String firstNonFinite(Map<String, NDArray> targets) {
        for (Map.Entry<String, NDArray> e : targets.entrySet()) {
            NDArray v = e.getValue();
            try (NDArray nan = v.isNaN(); NDArray inf = v.isInfinite(); NDArray bad = nan.logicalOr(inf);
                 NDArray any = bad.any()) {
                if (any.getBoolean()) return e.getKey();
            }
        }
        return null;
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Whether {@link #close} freed the plan's memory. */
    public boolean isClosed() {
        return !manager.isOpen();
    }
}
