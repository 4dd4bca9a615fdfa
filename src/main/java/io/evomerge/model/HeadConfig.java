package io.evomerge.model;

import io.evomerge.data.PairEncoding;
import io.evomerge.data.TaskKind;

/**
 * A task head: {@code outputs} scores from the pooled vector (classes for classification, 1 for regression and for
 * multiple choice, where each (context, choice) row gets one score). {@code dropout} applies in training only, never
 * to the cosine head's single input.
 * {@code pairs}: with {@link PairEncoding#BI_ENCODER} each example is two rows whose pooled vectors u, v feed the
 * linear layer as (u, v, |u - v|, u * v); with {@link PairEncoding#BI_ENCODER_COSINE}, as their scaled cosine alone.
 */
public record HeadConfig(TaskKind kind, int outputs, Pooling pooling, float dropout, PairEncoding pairs) {

    public HeadConfig {
        if (outputs < 1 || (kind != TaskKind.CLASSIFICATION && outputs != 1)) {
            throw new IllegalArgumentException(kind + " head cannot have " + outputs + " outputs");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("head dropout " + dropout + " is outside [0, 1)");
        }
        if (pairs.separate() && kind == TaskKind.MULTIPLE_CHOICE) {
            throw new IllegalArgumentException("a multiple-choice head cannot be a bi-encoder");
        }
    }

    /** The head a task of {@code kind} with {@code classes} label names needs. */
    public static HeadConfig of(TaskKind kind, int classes, Pooling pooling, float dropout, PairEncoding pairs) {
        return new HeadConfig(kind, kind == TaskKind.CLASSIFICATION ? classes : 1, pooling, dropout, pairs);
    }

    public boolean biEncoder() {
        return pairs.separate();
    }

    public boolean cosine() {
        return pairs == PairEncoding.BI_ENCODER_COSINE;
    }

    /** Width of the linear layer's input for an encoder of {@code hiddenSize}. */
    public int features(int hiddenSize) {
        return cosine() ? 1 : biEncoder() ? 4 * hiddenSize : hiddenSize;
    }
}
