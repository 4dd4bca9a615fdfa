package io.evomerge.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.evomerge.data.Split;
import io.evomerge.data.TaskKind;
import io.evomerge.data.TaskSpec;
import io.evomerge.model.BertEncoder;
import io.evomerge.model.TaskHead;
import java.util.Arrays;

/** Scores an encoder plus head on an encoded split: inference only, every native array freed per batch. */
public final class TaskScorer {

    private TaskScorer() {
    }

    /**
     * The task's metrics for the encoder's current weights. Arrays are created in sub-managers of {@code manager}
     * (on its device) and closed after each batch, so nothing outlives the call.
     */
    public static MetricsResult score(BertEncoder encoder, TaskHead head, EncodedSplit data, NDManager manager) {
        Split split = data.split();
        TaskSpec spec = split.task();
        int outputs = head.config().outputs();
        int examples = split.size();
        // Classification: one score vector per example; regression: one value; multiple choice: one per choice.
        int width = spec.kind() == TaskKind.MULTIPLE_CHOICE
                ? split.examples().stream().mapToInt(e -> e.choices().size()).max().orElse(1) : outputs;
        float[] scores = new float[examples * width];
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
        for (EncodedSplit.Rows b : data.batches()) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray ids = scope.create(b.ids(), b.shape());
                NDArray mask = scope.create(b.mask(), b.shape());
                NDArray types = scope.create(b.types(), b.shape());
                float[] out = head.scores(encoder.lastHiddenState(ids, mask, types), mask).toFloatArray();
                for (int r = 0; r < b.examples().length; r++) {
                    if (spec.kind() == TaskKind.MULTIPLE_CHOICE) {
                        scores[b.examples()[r] * width + b.choices()[r]] = out[r];
                    } else {
                        System.arraycopy(out, r * outputs, scores, b.examples()[r] * width, outputs);
                    }
                }
            }
        }
        if (spec.kind() == TaskKind.REGRESSION) {
            double[] predicted = new double[examples];
            for (int i = 0; i < examples; i++) {
                predicted[i] = scores[i];
            }
            return Metrics.regression(spec.metrics(), predicted, split.scores());
        }
        int[] predicted = new int[examples];
        for (int i = 0; i < examples; i++) {
            int best = 0;
            for (int k = 1; k < width; k++) {
                if (scores[i * width + k] > scores[i * width + best]) {
                    best = k;
                }
            }
            predicted[i] = best;
        }
        return Metrics.classification(spec.metrics(), predicted, split.classLabels());
    }
}
