package io.evomerge.model;

import io.evomerge.data.TaskKind;

/**
 * A task head: {@code outputs} scores from the pooled vector (classes for classification, 1 for regression and for
 * multiple choice, where each (context, choice) row gets one score). {@code dropout} applies in training only.
 */
public record HeadConfig(TaskKind kind, int outputs, Pooling pooling, float dropout) {

    public HeadConfig {
        if (outputs < 1 || (kind != TaskKind.CLASSIFICATION && outputs != 1)) {
            throw new IllegalArgumentException(kind + " head cannot have " + outputs + " outputs");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("head dropout " + dropout + " is outside [0, 1)");
        }
    }

    /** The head a task of {@code kind} with {@code classes} label names needs. */
    public static HeadConfig of(TaskKind kind, int classes, Pooling pooling, float dropout) {
        return new HeadConfig(kind, kind == TaskKind.CLASSIFICATION ? classes : 1, pooling, dropout);
    }
}
