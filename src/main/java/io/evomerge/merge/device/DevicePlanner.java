package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.TaskSource;

import java.util.List;

/**
 * Device plans row by row, as the Java {@code Planner} does: the kernel's statistics once per row, then each tensor's
 * task vectors uploaded and planned on request. A tensor's temporaries live in a scope closed as soon as its
 * contributions are moved to their own scope, which the caller keeps ({@link DevicePlan}) or closes after use
 * ({@link DeviceBackend#merge}); planning a tensor twice gives the same contributions (the kernels are deterministic).
 */
final class DevicePlanner {
    private DevicePlanner() {
    }

    /** Plans one tensor of the current row; the caller owns (and closes) the result. */
    interface RowPlans {
        DeviceTensorPlan plan(TensorInfo t);
    }

    interface RowVisitor {
        void row(List<TensorInfo> row, RowPlans plans);
    }

    static void forEachRow(MergeSettings s, TaskSource source, NDManager parent, Watermark watermark, RowVisitor visitor) {
        run(s.method().deviceKernel(s), source, s, parent, watermark, visitor);
    }

    private static <S> void run(DeviceKernel<S> kernel, TaskSource source, MergeSettings s, NDManager parent,
                                Watermark watermark, RowVisitor visitor) {
        DeviceSource device = new DeviceSource(source, parent, watermark);
        for (List<TensorInfo> row : source.rows(s)) {
            S stats = kernel.prepare(device, row);
            visitor.row(row, t -> plan(kernel, stats, t, device, parent, watermark));
        }
    }

    private static <S> DeviceTensorPlan plan(DeviceKernel<S> kernel, S stats, TensorInfo t, DeviceSource device,
                                             NDManager parent, Watermark watermark) {
        NDManager keep = parent.newSubManager();
        NDArray contributions;
        try (NDManager temp = parent.newSubManager()) {
            DeviceSource.Tensor in = device.withBase(t, temp);
            contributions = kernel.plan(stats, t, in.base(), in.tau());
            watermark.sample(); // the tensor's inputs, temporaries and result are all alive here
            contributions.attach(keep);
        } catch (RuntimeException e) {
            keep.close();
            throw e;
        }
        return new DeviceTensorPlan(t.name(), contributions, keep);
    }
}
