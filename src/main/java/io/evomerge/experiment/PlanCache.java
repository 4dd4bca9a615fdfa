package io.evomerge.experiment;

import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.merge.LayerSettings;
import io.evomerge.merge.MergePlan;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.MergedTensors;
import io.evomerge.merge.device.DeviceBackend;
import io.evomerge.merge.device.DevicePlan;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Merge plans by their discrete settings, shared by every worker of a run: a search whose ratio or n:m moves builds
 * each distinct plan once, and most candidates only rebuild. Thread-safe. A plan is read-only once built, so workers
 * apply it at once into their own buffers; each key is built by the first thread that asks, and threads asking for
 * it meanwhile wait for that build (other keys build in parallel). Least recently used plans go first once the
 * built plans' bytes exceed the budget; a plan still being applied stays alive until its users drop it, and plans
 * being built count only once done.
 *
 * <p>With a {@link DeviceBackend} the plans are device plans, resident where the model lives, and the cache has one
 * user (backend: device runs one worker): an evicted plan is closed at once, which frees its device memory.
 */
final class PlanCache implements AutoCloseable {
    private final Checkpoint base;
    private final List<Checkpoint> models;
    private final long budgetBytes;
    private final DeviceBackend device;
    /** Access-ordered; guarded by {@code this}. A future is done once its plan is built (or its build failed). */
    private final Map<LayerSettings, CompletableFuture<Plan>> plans = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private int built;

    /** One cached plan: the Java backend's or the device backend's. */
    private record Plan(MergePlan java, DevicePlan device) {
        long bytes() {
            return java != null ? java.bytes() : device.bytes();
        }

        void evicted() {
            if (device != null) device.close();
        }
    }

    /** Java plans. */
    PlanCache(Checkpoint base, List<Checkpoint> models, long budgetBytes) {
        this(base, models, budgetBytes, null);
    }

    /** Device plans on {@code device}, or Java plans when it is null. */
    PlanCache(Checkpoint base, List<Checkpoint> models, long budgetBytes, DeviceBackend device) {
        this.base = base;
        this.models = models;
        this.budgetBytes = budgetBytes;
        this.device = device;
    }

    /** Whether the plans are device plans ({@link #device}) rather than Java ones ({@link #get}). */
    boolean onDevice() {
        return device != null;
    }

    MergePlan get(MergeSettings settings) {
        return get(LayerSettings.constant(settings));
    }

    /** The plan of settings that may vary over the layers: one per distinct layer-group setting. */
    MergePlan get(LayerSettings settings) {
        if (device != null) throw new IllegalStateException("this cache holds device plans");
        return plan(settings).java();
    }

    DevicePlan device(MergeSettings settings) {
        if (device == null) throw new IllegalStateException("this cache holds Java plans");
        return plan(LayerSettings.constant(settings)).device();
    }

    /** The merged model of {@code r} on the host (every float tensor), e.g. to write it out. */
    Map<String, float[]> merged(Recipe r) {
        if (device != null) {
            if (r.layers() != null || !r.planLayers().isEmpty()) {
                throw new IllegalStateException("layer-wise genes have no device rebuild");
            }
            return device(r.settings()).applyToHost(r.weights());
        }
        MergePlan p = get(r.plan());
        MergedTensors out = p.newBuffer();
        r.applyTo(p, out);
        return out.tensors();
    }

    private Plan plan(LayerSettings settings) {
        CompletableFuture<Plan> plan;
        boolean mine = false;
        synchronized (this) {
            plan = plans.get(settings);
            if (plan == null) {
                plan = new CompletableFuture<>();
                plans.put(settings, plan);
                mine = true;
            }
        }
        if (mine) build(settings, plan);
        try {
            return plan.join();
        } catch (CompletionException e) {
            // the builder's own exception, as a single-threaded build would throw it
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    private void build(LayerSettings settings, CompletableFuture<Plan> plan) {
        Plan p;
        try {
            p = device == null ? new Plan(MergePlan.build(settings, base, models, budgetBytes), null)
                    : new Plan(null, device.plan(settings.settings(), base, models, budgetBytes));
        } catch (RuntimeException | Error e) {
            // not kept: the next request tries again, as it would without a cache
            synchronized (this) {
                plans.remove(settings, plan);
            }
            plan.completeExceptionally(e);
            return;
        }
        synchronized (this) {
            built++;
            bytes += p.bytes();
            plan.complete(p);
            evictOver(plan);
        }
    }

    /** Drops the least recently used built plans, never {@code keep}, until the bytes fit the budget. */
    private void evictOver(CompletableFuture<Plan> keep) {
        Iterator<CompletableFuture<Plan>> it = plans.values().iterator();
        while (bytes > budgetBytes && it.hasNext()) {
            CompletableFuture<Plan> f = it.next();
            if (f == keep || !f.isDone()) continue;
            Plan evicted = f.join();
            bytes -= evicted.bytes();
            evicted.evicted();
            it.remove();
        }
    }

    /** How many plans were built so far (a measure of how well snapping shares plans). */
    synchronized int built() {
        return built;
    }

    /** Frees every device plan (Java plans are garbage-collected). */
    @Override
    public synchronized void close() {
        for (CompletableFuture<Plan> f : plans.values()) {
            if (f.isDone() && !f.isCompletedExceptionally()) f.join().evicted();
        }
        plans.clear();
        bytes = 0;
    }
}
