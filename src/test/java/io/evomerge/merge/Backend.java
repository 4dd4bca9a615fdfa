package io.evomerge.merge;

import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.WriteOptions;
import io.evomerge.merge.device.DeviceBackend;
import io.evomerge.merge.device.DevicePlan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The two merge backends as the tests drive them: a merge to disk, and a plan's rebuild copied to the host. */
enum Backend {
    JAVA, DEVICE;

    void merge(MergeSettings s, MergeWeights w, Checkpoint base, List<Checkpoint> models, Path out) {
        if (this == JAVA) {
            Merger.merge(s, w, base, models, out, null, WriteOptions.single(Map.of()));
        } else {
            try (DeviceBackend device = DeviceBackend.open(System.getProperty("evomerge.device", "cpu"))) {
                device.merge(s, w, base, models, out, null, WriteOptions.single(Map.of()));
            }
        }
    }

    /** The plan's rebuild for {@code w} (after a first candidate, so that buffers are reused): name → values. */
    Map<String, float[]> rebuild(MergeSettings s, MergeWeights w, Checkpoint base, List<Checkpoint> models) {
        if (this == JAVA) {
            MergePlan plan = MergePlan.build(s, base, models, Long.MAX_VALUE);
            MergedTensors out = plan.newBuffer();
            plan.apply(MergeWeights.uniform(models.size(), 1), out);
            plan.apply(w, out);
            return out.tensors();
        }
        try (DeviceBackend device = DeviceBackend.open(System.getProperty("evomerge.device", "cpu"));
             DevicePlan plan = device.plan(s, base, models, Long.MAX_VALUE)) {
            plan.applyToHost(MergeWeights.uniform(models.size(), 1));
            return plan.applyToHost(w);
        }
    }
}
