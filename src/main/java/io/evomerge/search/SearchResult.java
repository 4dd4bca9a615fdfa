package io.evomerge.search;

/** The outcome of {@link Search#run}: the best evaluation (first of ties) and how much was spent. */
public record SearchResult(Evaluation best, long evaluations, long generations) {}
