package io.evomerge.data;

/** What a task predicts: a class, a real-valued score, or which of N choices is right. */
public enum TaskKind {
    CLASSIFICATION,
    REGRESSION,
    MULTIPLE_CHOICE
}
