package io.evomerge.experiment;

import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.merge.MergePlan;
import io.evomerge.merge.MergeSettings;
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
 */
final class PlanCache {
    private final Checkpoint base;
    private final List<Checkpoint> models;
    private final long budgetBytes;
    /** Access-ordered; guarded by {@code this}. A future is done once its plan is built (or its build failed). */
    private final Map<MergeSettings, CompletableFuture<MergePlan>> plans = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private int built;

    PlanCache(Checkpoint base, List<Checkpoint> models, long budgetBytes) {
        this.base = base;
        this.models = models;
        this.budgetBytes = budgetBytes;
    }

    MergePlan get(MergeSettings settings) {
        CompletableFuture<MergePlan> plan;
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

    private void build(MergeSettings settings, CompletableFuture<MergePlan> plan) {
        MergePlan p;
        try {
            p = MergePlan.build(settings, base, models, budgetBytes);
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
    private void evictOver(CompletableFuture<MergePlan> keep) {
        Iterator<CompletableFuture<MergePlan>> it = plans.values().iterator();
        while (bytes > budgetBytes && it.hasNext()) {
            CompletableFuture<MergePlan> f = it.next();
            if (f == keep || !f.isDone()) continue;
            bytes -= f.join().bytes();
            it.remove();
        }
    }

    /** How many plans were built so far (a measure of how well snapping shares plans). */
    synchronized int built() {
        return built;
    }
}
