package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

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
        run(s.method().kernel(s), s, source, visitor);
    }

    private static <S> void run(Kernel<S> kernel, MergeSettings s, TaskSource source, Visitor visitor) {
        int n = source.modelCount();
        for (List<TensorInfo> row : rows(s, source)) {
            S stats = kernel.prepare(source, row);
            for (TensorInfo t : row) {
                int len = Math.toIntExact(t.numel());
                float[][] tau = new float[n][len];
                source.readTasks(t.name(), 0, tau, new float[len], len);
                visitor.plan(kernel.plan(stats, t, tau));
            }
            visitor.endRow();
        }
    }
}
