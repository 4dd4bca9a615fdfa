package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/**
 * Walks a row (one tensor, or all merged tensors concatenated in ascending name order) in chunks of at most
 * {@link #SIZE} elements, handing each chunk's task vectors, for every model, to a visitor. Chunks never cross a
 * tensor boundary, so memory stays at models × SIZE floats however large the row.
 */
final class Chunks {
    static final int SIZE = 1 << 16;

    @FunctionalInterface
    interface Visitor {
        /**
         * @param tensor the tensor the chunk belongs to
         * @param start  the chunk's first element within the tensor
         * @param tau    tau[i][0..length) is model i's task vector over the chunk
         */
        void visit(TensorInfo tensor, long start, float[][] tau, int length);
    }

    private Chunks() {
    }

    static void forEach(TaskSource source, List<TensorInfo> row, Visitor visitor) {
        int n = source.modelCount();
        float[][] tau = new float[n][SIZE];
        float[] base = new float[SIZE];
        for (TensorInfo t : row) {
            long numel = t.numel();
            for (long start = 0; start < numel; start += SIZE) {
                int len = (int) Math.min(SIZE, numel - start);
                source.readTasks(t.name(), start, tau, base, len);
                visitor.visit(t, start, tau, len);
            }
        }
    }
}
