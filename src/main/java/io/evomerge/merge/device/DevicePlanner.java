package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.TaskSource;

import java.util.List;

/**
 * Device plans row by row, as the Java {@code Planner} does: the kernel's statistics once per row, then each tensor's
 * task vectors uploaded and planned. A tensor's temporaries live in a scope closed as soon as its contributions are
 * moved to their own scope, which the visitor keeps ({@link DevicePlan}) or closes after use ({@link DeviceMerger}).
 */
final class DevicePlanner {
    private DevicePlanner() {
    }

    interface Visitor {
        void plan(DeviceTensorPlan plan);

        void endRow();
    }

    static void forEachPlan(MergeSettings s, TaskSource source, NDManager parent, Visitor visitor) {
        run(s.method().deviceKernel(s), source, s, parent, visitor);
    }

    private static <S> void run(DeviceKernel<S> kernel, TaskSource source, MergeSettings s, NDManager parent, Visitor visitor) {
        DeviceSource device = new DeviceSource(source, parent);
        for (List<TensorInfo> row : source.rows(s)) {
            S stats = kernel.prepare(device, row);
            for (TensorInfo t : row) {
                NDManager keep = parent.newSubManager();
                NDArray contributions;
                try (NDManager temp = parent.newSubManager()) {
                    DeviceSource.Tensor in = device.withBase(t, temp);
                    contributions = kernel.plan(stats, t, in.base(), in.tau());
                    contributions.attach(keep);
                } catch (RuntimeException e) {
                    keep.close();
                    throw e;
                }
                visitor.plan(new DeviceTensorPlan(t.name(), contributions, keep));
            }
            visitor.endRow();
        }
    }
}
