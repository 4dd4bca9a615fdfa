package io.evomerge.search;

/**
 * One answered proposal: the {@code index}-th evaluation of a run (0-based), proposed in the strategy's
 * {@code generation}-th batch (1-based, counted the same whether the batch was replayed or scored). A journal is the
 * list of a run's evaluations in index order; {@code replayed} marks those served from a journal.
 */
public record Evaluation(long index, int generation, Candidate candidate, double fitness, boolean replayed) {}
