package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.merge.TaskSource;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Task vectors on the device, tensor by tensor: τi = θi − θ0 is read from the memory-mapped checkpoints (the same
 * float subtraction as the Java backend) and uploaded as one [models, numel] array. Statistics passes stream a row
 * this way, so device memory holds one tensor's task vectors at a time, not the row's.
 */
public final class DeviceSource {
    private final TaskSource source;
    private final NDManager manager;
    private final Watermark watermark;

    DeviceSource(TaskSource source, NDManager manager, Watermark watermark) {
        this.source = source;
        this.manager = manager;
        this.watermark = watermark;
    }

    int models() {
        return source.modelCount();
    }

    /** One tensor on the device: the base θ0, [numel], and every model's τ, [models, numel]. */
    record Tensor(NDArray base, NDArray tau) {
    }

    /** Every model's τ over tensor {@code t}: [models, numel], attached to {@code into}. */
    NDArray tau(TensorInfo t, NDManager into) {
        return read(t, into, false).tau();
    }

    /** The base and every model's τ over tensor {@code t}, attached to {@code into}. */
    Tensor withBase(TensorInfo t, NDManager into) {
        return read(t, into, true);
    }

    private Tensor read(TensorInfo t, NDManager into, boolean withBase) {
        int n = source.modelCount(), len = Math.toIntExact(t.numel());
        float[][] tau = new float[n][len];
        float[] base = new float[len];
        source.readTasks(t.name(), 0, tau, base, len);
        return new Tensor(withBase ? into.create(base) : null, stack(tau, n, len, into));
    }

    private static NDArray stack(float[][] tau, int n, int len, NDManager into) {
        if ((long) n * len <= Integer.MAX_VALUE / Float.BYTES) {
            float[] flat = new float[n * len];
            for (int i = 0; i < n; i++) System.arraycopy(tau[i], 0, flat, i * len, len);
            return into.create(flat, new Shape(n, len));
        }
        NDList rows = new NDList();
        for (float[] row : tau) rows.add(into.create(row));
        return NDArrays.stack(rows);
    }

    /** One streaming pass over {@code row}: each tensor's τ, freed after {@code visit} returns. */
    void forEach(List<TensorInfo> row, BiConsumer<TensorInfo, NDArray> visit) {
        for (TensorInfo t : row) {
            try (NDManager scope = manager.newSubManager()) {
                visit.accept(t, tau(t, scope));
                watermark.sample();
            }
        }
    }
}
