package io.evomerge.population;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Fine-tuning hyper-parameters. {@code warmup}: fraction of the steps with a linear learning-rate warm-up (then
 * linear decay to 0); {@code maxSteps}: stop after this many optimizer steps (null: {@code epochs} full passes);
 * {@code dropout}: the head's dropout on the pooled vector; {@code seed}: this task's fine-tuning seed (head
 * initialisation, shuffles, dropout, train subset), null for the experiment's. The seed is left out of this record's
 * JSON: the task's settings carry the seed in effect, so a model trained with the experiment seed N and one trained
 * with a task seed N have the same settings. {@code linearProbeSteps}: before fine-tuning, fit the head alone on the
 * frozen pre-trained encoder's features with this many full-batch steps (LP-FT; null: the head starts random). It
 * is left out of the JSON when null, so settings written before it existed keep their hash. {@code maxGradNorm}:
 * scale each step's gradients down to this global L2 norm when above it (null: no clipping; Hugging Face's Trainer
 * clips at 1.0), also left out when null. {@code swapPairs}: true trains on every sentence pair twice per epoch, as
 * (a, b) and as (b, a), for tasks whose label does not depend on the order (paraphrase, similarity); null when
 * off, and then left out of the JSON. {@code keepBestEpoch}: true scores the whole validation split after every epoch
 * and keeps the weights of the epoch with the best headline metric (null when off, then left out of the JSON).
 */
public record FinetuneConfig(int epochs, int batchSize, double learningRate, double warmup, double weightDecay,
                             Integer maxSteps, double dropout, @JsonIgnore Long seed,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Integer linearProbeSteps,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double maxGradNorm,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Boolean swapPairs,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Boolean keepBestEpoch) {
    public static final FinetuneConfig DEFAULT = new FinetuneConfig(3, 32, 5.0e-5, 0.06, 0.01, null, 0.1, null, null,
            null, null, null);

    public FinetuneConfig {
        // off is written as absent, so settings from before these keys keep their hash
        swapPairs = Boolean.TRUE.equals(swapPairs) ? true : null;
        keepBestEpoch = Boolean.TRUE.equals(keepBestEpoch) ? true : null;
    }

    public boolean keepsBestEpoch() {
        return keepBestEpoch != null;
    }

    public boolean swapsPairs() {
        return swapPairs != null;
    }

    /** The seed fine-tuning uses: this task's, else {@code experimentSeed}. */
    public long seedOr(long experimentSeed) {
        return seed != null ? seed : experimentSeed;
    }
}
