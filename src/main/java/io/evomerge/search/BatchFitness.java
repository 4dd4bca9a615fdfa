package io.evomerge.search;

import java.util.List;

/**
 * Scores one batch of candidates (to maximise, e.g. mean validation accuracy). The batch is a
 * generation or its tail; the caller may score it in parallel or in order, and may answer
 * candidates equal to earlier ones from its own cache.
 */
@FunctionalInterface
public interface BatchFitness {

    /** One finite fitness per candidate, in batch order. */
    double[] evaluate(List<Candidate> batch);
}
