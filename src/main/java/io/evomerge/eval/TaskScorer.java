package io.evomerge.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
        return predict(encoder, head, data, manager).metrics(data.split().task().metrics());
    }

    /** Each example's prediction (class, choice or score) with its gold label, for the encoder's current weights. */
    public static Predictions predict(BertEncoder encoder, TaskHead head, EncodedSplit data, NDManager manager) {
        Split split = data.split();
        TaskSpec spec = split.task();
        int outputs = head.config().outputs();
        // Classification: one score vector per example; regression: one value; multiple choice: one per choice.
        int width = spec.kind() == TaskKind.MULTIPLE_CHOICE
                ? split.examples().stream().mapToInt(e -> e.choices().size()).max().orElse(1) : outputs;
        float[] scores = head.config().biEncoder() ? biEncoderScores(encoder, head, data, manager)
                : rowScores(encoder, head, data, manager, width);
        return predictions(spec, split, scores, width);
    }

    /** Scores [examples * width], each row's scores placed at its example (and choice). */
    private static float[] rowScores(BertEncoder encoder, TaskHead head, EncodedSplit data, NDManager manager,
                                     int width) {
        boolean multipleChoice = data.split().task().kind() == TaskKind.MULTIPLE_CHOICE;
        int outputs = head.config().outputs();
        float[] scores = new float[data.examples() * width];
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
        forEachBatch(encoder, data, manager, (b, hidden, mask) -> {
            float[] out = head.scores(hidden, mask).toFloatArray();
            for (int r = 0; r < b.examples().length; r++) {
                if (multipleChoice) {
                    scores[b.examples()[r] * width + b.choices()[r]] = out[r];
                } else {
                    System.arraycopy(out, r * outputs, scores, b.examples()[r] * width, outputs);
                }
            }
        });
        return scores;
    }

    /**
     * Bi-encoder scores [examples * outputs]: every sentence is pooled in whatever batch it landed in, then the head
     * compares each example's two vectors in one pass.
     */
    private static float[] biEncoderScores(BertEncoder encoder, TaskHead head, EncodedSplit data, NDManager manager) {
        int hidden = encoder.config().hiddenSize();
        float[] pooled = pooledRows(encoder, head, data, manager, 2);
        try (NDManager scope = manager.newSubManager()) {
            return head.pairScores(scope.create(pooled, new Shape(data.examples(), 2, hidden))).toFloatArray();
        }
    }

    /**
     * What the head's linear layer sees for each example, [examples * features] row-major, for the encoder's current
     * weights: the pooled vector, or a bi-encoder's pair features. Classification and regression only.
     */
    public static float[] features(BertEncoder encoder, TaskHead head, EncodedSplit data, NDManager manager) {
        if (data.split().task().kind() == TaskKind.MULTIPLE_CHOICE) {
            throw new IllegalArgumentException("multiple-choice rows have no per-example features");
        }
        int hidden = encoder.config().hiddenSize();
        int rows = head.config().biEncoder() ? 2 : 1;
        float[] pooled = pooledRows(encoder, head, data, manager, rows);
        try (NDManager scope = manager.newSubManager()) {
            Shape shape = rows == 2 ? new Shape(data.examples(), 2, hidden) : new Shape(data.examples(), hidden);
            return head.features(scope.create(pooled, shape)).toFloatArray();
        }
    }

    /** Pooled vectors [examples * rowsPerExample * hidden], row {@code choice} of each example in place. */
    private static float[] pooledRows(BertEncoder encoder, TaskHead head, EncodedSplit data, NDManager manager,
                                      int rowsPerExample) {
        int hidden = encoder.config().hiddenSize();
        float[] pooled = new float[data.examples() * rowsPerExample * hidden];
        forEachBatch(encoder, data, manager, (b, states, mask) -> {
            float[] out = head.pool(states, mask).toFloatArray();
            for (int r = 0; r < b.examples().length; r++) {
                int row = b.examples()[r] * rowsPerExample + b.choices()[r];
                System.arraycopy(out, r * hidden, pooled, row * hidden, hidden);
            }
        });
        return pooled;
    }

    /** What is done with one batch's last hidden states (valid only during the call). */
    private interface BatchHandler {
        void accept(EncodedSplit.Rows batch, NDArray hidden, NDArray mask);
    }

    /** Runs the encoder on every batch, each in a sub-manager of {@code manager} closed right after its handler. */
    private static void forEachBatch(BertEncoder encoder, EncodedSplit data, NDManager manager, BatchHandler handler) {
        for (EncodedSplit.Rows b : data.batches()) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray ids = scope.create(b.ids(), b.shape());
                NDArray mask = scope.create(b.mask(), b.shape());
                NDArray types = scope.create(b.types(), b.shape());
                handler.accept(b, encoder.lastHiddenState(ids, mask, types), mask);
            }
        }
    }

    private static Predictions predictions(TaskSpec spec, Split split, float[] scores, int width) {
        int examples = split.size();
        if (spec.kind() == TaskKind.REGRESSION) {
            double[] predicted = new double[examples];
            for (int i = 0; i < examples; i++) {
                predicted[i] = scores[i];
            }
            return Predictions.scores(predicted, split.scores());
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
        return Predictions.classes(predicted, split.classLabels());
    }
}
