package io.evomerge.search;

/**
 * One answered proposal: the {@code index}-th evaluation of a run (0-based). A journal is the list
 * of a run's evaluations in index order; {@code replayed} marks those served from a journal.
 */
public record Evaluation(long index, Candidate candidate, double fitness, boolean replayed) {}
