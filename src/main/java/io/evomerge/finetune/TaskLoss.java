package io.evomerge.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.evomerge.data.TaskKind;
import java.util.Locale;

/**
 * The training loss of a task's head scores: softmax cross-entropy over classes (classification) or over each
 * example's choices (multiple choice: rows are consecutive per example), mean squared error for regression.
 * Labels: class/answer indices (int64) or target scores (float32), one per example.
 */
final class TaskLoss extends Loss {
    private final TaskKind kind;
    private final int choices;

    TaskLoss(TaskKind kind, int choices) {
        super(kind.name().toLowerCase(Locale.ROOT) + "_loss");
        this.kind = kind;
        this.choices = choices;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray scores = predictions.singletonOrThrow();
        NDArray gold = labels.singletonOrThrow();
        return switch (kind) {
            case REGRESSION -> scores.reshape(-1).sub(gold).square().mean();
            case CLASSIFICATION -> crossEntropy(scores, gold);
            case MULTIPLE_CHOICE -> crossEntropy(scores.reshape(-1, choices), gold);
        };
    }

    private static NDArray crossEntropy(NDArray logits, NDArray gold) {
        NDArray oneHot = gold.oneHot((int) logits.getShape().get(1)).toType(logits.getDataType(), false);
        return logits.logSoftmax(-1).mul(oneHot).sum(new int[] {1}).neg().mean();
    }
}
