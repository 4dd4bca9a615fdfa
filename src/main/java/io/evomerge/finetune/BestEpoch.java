package io.evomerge.finetune;

import io.evomerge.data.Metric;
import io.evomerge.eval.MetricsResult;
import io.evomerge.model.HfFolders;
import io.evomerge.model.NamedTensor;
import io.evomerge.model.TaskModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps the weights of the epoch with the best validation headline metric (Hugging Face's
 * {@code load_best_model_at_end}): each epoch's score is offered; a strictly better one replaces the host copy of the
 * encoder and head, so ties keep the earlier epoch. A NaN score (Pearson of constant predictions) never beats another.
 */
final class BestEpoch {
    /** One epoch's validation metrics. */
    record Score(int epoch, MetricsResult validation) {
    }

    private final Metric headline;
    private final List<Score> scores = new ArrayList<>();
    private Score kept;
    private List<NamedTensor> encoder;
    private Map<String, float[]> head;

    BestEpoch(Metric headline) {
        this.headline = headline;
    }

    /** Records {@code epoch}'s validation metrics and copies the model's weights if they are the best so far. */
    void offer(int epoch, MetricsResult validation, TaskModel model) {
        Score score = new Score(epoch, validation);
        scores.add(score);
        // the first epoch is kept until one beats it; a NaN never beats anything
        if (kept == null || validation.get(headline) > kept.validation().get(headline)) {
            kept = score;
            encoder = HfFolders.tensors(model.encoder());
            head = model.head().weights();
        }
    }

    /** Writes the best epoch's weights back into {@code model}; returns that epoch (0 when none was offered). */
    int restore(TaskModel model) {
        if (encoder != null) {
            model.encoder().loadTensors(encoder);
            model.head().load(head);
        }
        return bestEpoch();
    }

    /** The best epoch so far (0 when none was offered). */
    int bestEpoch() {
        return kept == null ? 0 : kept.epoch();
    }

    /** The kept epoch's validation metrics (null when none was offered). */
    MetricsResult bestValidation() {
        return kept == null ? null : kept.validation();
    }

    List<Score> scores() {
        return List.copyOf(scores);
    }
}
