package io.evomerge.merge.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import io.evomerge.merge.Coefficients;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.MergeWeights;
import io.evomerge.merge.TaskSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The device merge backend: DJL NDArrays on PyTorch's {@code cpu}, {@code gpu} or {@code gpu:N}. It owns one base
 * {@link NDManager} on that device; plans ({@link #plan}) are its children, and one-off merges to disk
 * ({@link #merge}) free each tensor's (or TIES row's) arrays once written.
 */
public final class DeviceBackend implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("cpu|gpu(?::(\\d+))?");

    private final String name;
    private final NDManager manager;
    private final Watermark watermark;

    private DeviceBackend(String name, NDManager manager) {
        this.name = name;
        this.manager = manager;
        this.watermark = new Watermark(manager);
    }

    /** Opens the backend on {@code device} (cpu, gpu, gpu:N); a GPU that PyTorch does not see is refused in one line. */
    public static DeviceBackend open(String device) {
        return new DeviceBackend(device, NDManager.newBaseManager(device(device), "PyTorch"));
    }

    /** DJL's device for a name as experiments and the CLI write it. */
    public static Device device(String device) {
        Matcher m = NAME.matcher(device);
        if (!m.matches()) throw new EvomergeException("device: '" + device + "' is not one of cpu, gpu, gpu:N");
        if (device.equals("cpu")) return Device.cpu();
        int id = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        if (id >= gpus) {
            throw new EvomergeException("device: '" + device + "' is not available: PyTorch sees " + gpus
                    + " GPU(s) (its " + Engine.getEngine("PyTorch").getVersion() + " natives here are "
                    + (gpus == 0 ? "CPU-only or find no CUDA driver" : "CUDA") + "); run `evomerge env` for why");
        }
        return Device.gpu(id);
    }

    public String device() {
        return name;
    }

    /** Builds a plan resident on this device (see {@link DevicePlan}); refused when over {@code memoryLimitBytes}. */
    public DevicePlan plan(MergeSettings settings, Checkpoint base, List<Checkpoint> models, long memoryLimitBytes) {
        return DevicePlan.build(settings, base, models, manager, watermark, memoryLimitBytes);
    }

    /**
     * One merge to disk, as {@code merge.Merger} writes it, streamed in tensor groups: each tensor's task vectors are
     * read from the memory-mapped checkpoints, planned, combined, copied to the host, written to its shard and freed
     * before the next, so the device holds one tensor's arrays at a time (what {@link #peakBytes} reports), not the
     * model. TIES-style methods take two passes over a row: the first adds up the sign election's majority, the
     * second plans each tensor again and writes its disjoint mean.
     *
     * @param outputType dtype of float tensors in the output, or null to keep each tensor's own
     */
    public void merge(MergeSettings settings, MergeWeights weights, Checkpoint base, List<Checkpoint> models, Path out,
                      DType outputType, WriteOptions writeOptions) {
        TaskSource source = TaskSource.of(settings, base, models);
        List<TensorSpec> specs = base.tensors().stream().map(t -> TensorSpec.of(t, outputType)).toList();
        Coefficients c = Coefficients.of(settings, weights);
        float[] w = new float[models.size()];
        for (int i = 0; i < w.length; i++) w[i] = (float) weights.weights()[i];
        float lambda = (float) weights.lambda();
        watermark.reset();
        try (CheckpointWriter writer = CheckpointWriter.create(out, specs, writeOptions);
             NDManager scope = manager.newSubManager()) {
            for (TensorInfo t : base.tensors()) {
                if (!source.merged(t)) {
                    if (t.dtype().isFloating()) writer.write(t.name(), base.floats(t.name()));
                    else writer.writeRaw(t.name(), base.rawBytes(t.name()));
                }
            }
            DevicePlanner.forEachRow(settings, source, scope, watermark, (row, plans) -> {
                if (!settings.method().electsSigns()) {
                    for (TensorInfo t : row) {
                        try (DeviceTensorPlan p = plans.plan(t); NDManager tensor = scope.newSubManager()) {
                            NDArray b = tensor.create(base.floats(t.name()));
                            NDArray target = tensor.zeros(new Shape(b.size()));
                            DeviceCombiner.linear(b, p.contributions(), c.baseScale(), c.perModel(), target);
                            write(writer, t, target);
                        }
                    }
                    return;
                }
                float majority = Math.signum(majoritySigns(row, plans, w));
                for (TensorInfo t : row) {
                    try (DeviceTensorPlan p = plans.plan(t); NDManager tensor = scope.newSubManager();
                         NDScope temps = new NDScope()) {
                        temps.suppressNotUsedWarning();
                        NDArray b = tensor.create(base.floats(t.name()));
                        NDArray target = tensor.zeros(new Shape(b.size()));
                        DeviceCombiner.disjointMean(DeviceCombiner.electionSum(p.contributions(), w), p.contributions(),
                                b, w, lambda, tensor.create(majority), settings.normalize(), target);
                        write(writer, t, target);
                    }
                }
            });
            writer.commit();
        }
    }

    /** The sign election's count over a row, Σ #(Σi wi·ci > 0) − #(< 0), one tensor's plan at a time. */
    private long majoritySigns(List<TensorInfo> row, DevicePlanner.RowPlans plans, float[] w) {
        long signs = 0;
        for (TensorInfo t : row) {
            try (DeviceTensorPlan p = plans.plan(t); NDScope temps = new NDScope()) {
                temps.suppressNotUsedWarning();
                signs += DeviceCombiner.signCount(DeviceCombiner.electionSum(p.contributions(), w)).getLong();
            }
        }
        return signs;
    }

    private void write(CheckpointWriter writer, TensorInfo t, NDArray target) {
        watermark.sample();
        writer.write(t.name(), target.toFloatArray());
    }

    /**
     * The most bytes of device arrays held at once during this backend's last {@link #merge} (since it began; plans
     * built since count too), sampled when each tensor group's arrays are all alive.
     */
    public long peakBytes() {
        return watermark.peak();
    }

    /**
     * The in-engine baseline of the merge benchmark: best of three device copies of {@code arrays} arrays of
     * {@code count} floats into preallocated arrays (a memcpy on a GPU, an array copy on the CPU).
     */
    public double copySeconds(long count, int arrays) {
        long chunk = 1 << 22;
        int chunks = (int) ((count + chunk - 1) / chunk) * arrays;
        try (NDManager scope = manager.newSubManager()) {
            List<NDArray> src = new ArrayList<>(), dst = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                src.add(scope.ones(new Shape(chunk)));
                dst.add(scope.zeros(new Shape(chunk)));
            }
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < chunks; i++) dst.get(i).set(DeviceCombiner.ALL, src.get(i));
                try (NDArray last = dst.getLast().get(0)) {
                    last.getFloat(); // waits for the device's queue
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            return best;
        }
    }

    /** Native arrays held under this backend (its plans and anything not yet freed), for leak checks. */
    public int liveArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
