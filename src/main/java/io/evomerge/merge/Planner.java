package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns merge settings into per-tensor plans, row by row: the kernel's statistics are computed once per row by
 * streaming passes, then each tensor of the row is read whole (models × its size) and planned. Callers keep the
 * plans ({@link MergePlan}, for the search) or consume and drop them ({@link Merger}, for one merge to disk).
 */
final class Planner {
    private Planner() {
    }

    /** The rows statistics are computed over: all merged tensors in ascending name order, or one row per tensor. */
    static List<List<TensorInfo>> rows(MergeSettings s, TaskSource source) {
        List<TensorInfo> merged = source.mergedTensors();
        if (s.scope() == MergeMethod.Scope.TENSOR) {
            List<List<TensorInfo>> rows = new ArrayList<>();
            for (TensorInfo t : merged) rows.add(List.of(t));
            return rows;
        }
        List<TensorInfo> sorted = new ArrayList<>(merged);
        sorted.sort(Comparator.comparing(TensorInfo::name));
        return sorted.isEmpty() ? List.of() : List.of(sorted);
    }

    /** Receives each tensor's plan as soon as it is built, and the end of each row. */
    interface Visitor {
        void plan(TensorPlan plan);

        void endRow();
    }

    /** Hands the plans of each row, collected, to {@code rowConsumer}. */
    static void forEachRow(MergeSettings s, TaskSource source, Consumer<List<TensorPlan>> rowConsumer) {
        forEachRow(name -> s, source, rowConsumer);
    }

    /** As above with each tensor's own settings. */
    static void forEachRow(Function<String, MergeSettings> s, TaskSource source, Consumer<List<TensorPlan>> rowConsumer) {
        List<TensorPlan> row = new ArrayList<>();
        forEachPlan(s, source, new Visitor() {
            @Override
            public void plan(TensorPlan plan) {
                row.add(plan);
            }

            @Override
            public void endRow() {
                rowConsumer.accept(List.copyOf(row));
                row.clear();
            }
        });
    }

    static void forEachPlan(MergeSettings s, TaskSource source, Visitor visitor) {
        forEachPlan(name -> s, source, visitor);
    }

    /**
     * Plans with each tensor's own settings. When they are the same for every merged tensor, rows follow their scope;
     * when a config makes them differ (gradients, filters), each tensor is its own row, as mergekit computes.
     */
    static void forEachPlan(Function<String, MergeSettings> settings, TaskSource source, Visitor visitor) {
        Map<String, MergeSettings> of = new LinkedHashMap<>();
        for (TensorInfo t : source.mergedTensors()) of.put(t.name(), settings.apply(t.name()));
        Set<MergeSettings> distinct = new HashSet<>(of.values());
        if (distinct.size() <= 1) {
            MergeSettings s = distinct.isEmpty() ? settings.apply("") : distinct.iterator().next();
            Kernel<?> kernel = s.method().kernel(s);
            for (List<TensorInfo> row : rows(s, source)) run(kernel, row, source, visitor);
            return;
        }
        Map<MergeSettings, Kernel<?>> kernels = new HashMap<>();
        for (TensorInfo t : source.mergedTensors()) {
            MergeSettings s = of.get(t.name());
            run(kernels.computeIfAbsent(s, x -> x.method().kernel(x)), List.of(t), source, visitor);
        }
    }

    private static <S> void run(Kernel<S> kernel, List<TensorInfo> row, TaskSource source, Visitor visitor) {
        int n = source.modelCount();
        S stats = kernel.prepare(source, row);
        for (TensorInfo t : row) {
            int len = Math.toIntExact(t.numel());
            float[][] tau = new float[n][len];
            float[] base = new float[len];
            source.readTasks(t.name(), 0, tau, base, len);
            visitor.plan(kernel.plan(stats, t, base, tau));
        }
        visitor.endRow();
    }
}
