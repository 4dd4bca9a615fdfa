package io.evomerge.search;

import java.util.List;

/**
 * A batch fitness that may race ({@code racing: true}): it may stop scoring a candidate early once the candidate
 * surely scores below {@code threshold}, and answer an estimate below the threshold instead of its full score.
 * The threshold is what the strategy needs a candidate to reach ({@link SearchStrategy#racingRanks}); −∞ asks for
 * every candidate in full.
 */
@FunctionalInterface
public interface RacedFitness {

    /** One finite fitness per candidate, in batch order. */
    double[] evaluate(List<Candidate> batch, double threshold);
}
