package io.evomerge.experiment;

import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.merge.MergePlan;
import io.evomerge.merge.MergeSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merge plans by their discrete settings, least recently used first out once the plans' bytes exceed the budget:
 * a search whose ratio or n:m moves builds each distinct plan once, and most candidates only rebuild.
 */
final class PlanCache {
    private final Checkpoint base;
    private final List<Checkpoint> models;
    private final long budgetBytes;
    private final Map<MergeSettings, MergePlan> plans = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private int built;

    PlanCache(Checkpoint base, List<Checkpoint> models, long budgetBytes) {
        this.base = base;
        this.models = models;
        this.budgetBytes = budgetBytes;
    }

    MergePlan get(MergeSettings settings) {
        MergePlan plan = plans.get(settings);
        if (plan != null) return plan;
        plan = MergePlan.build(settings, base, models, budgetBytes);
        built++;
        bytes += plan.bytes();
        plans.put(settings, plan);
        var it = plans.entrySet().iterator();
        while (bytes > budgetBytes && plans.size() > 1) {
            MergePlan evicted = it.next().getValue();
            bytes -= evicted.bytes();
            it.remove();
        }
        return plan;
    }

    /** How many plans were built so far (a measure of how well snapping shares plans). */
    int built() {
        return built;
    }
}
