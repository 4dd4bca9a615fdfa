package io.evomerge.experiment;

import io.evomerge.eval.Predictions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Racing (multi-fidelity) evaluation of one candidate. It is scored on a growing prefix of every task's validation
 * examples, in their fixed (seeded) order: 25 %, then 50 %, then all of them. After each stage short of the last, it
 * stops when even the upper confidence bound of its fitness, the estimate plus {@link #Z} bootstrap standard errors,
 * falls below the threshold the strategy needs (the best so far for a local search, the worst of the generation's μ
 * leaders for CMA-ES; see {@code SearchStrategy.racingRanks}): the candidate could not matter to the strategy, so the
 * rest of the examples are not scored. A stopped candidate's fitness is its estimate at the fidelity reached, an
 * unbiased guess of its full score that lies below the threshold, so it is never the search's best nor one of the
 * ranks CMA-ES recombines.
 */
final class Race {
    /** The fidelities: the share of each task's validation examples scored after each stage. */
    static final double[] STAGES = {0.25, 0.5, 1.0};
    /** Standard errors above the estimate: the bound a candidate must miss the threshold by to be stopped. */
    static final double Z = 3;

    /** A candidate's scoring in slices: predictions for the share [from, to) of each task's examples, and scores. */
    interface Stages {
        Map<String, Predictions> predict(double from, double to);

        Scorer.Scores score(Map<String, Predictions> predictions);
    }

    /** The scores at the fidelity reached (1 when every example was scored). */
    record Outcome(Scorer.Scores scores, double fidelity) {
    }

    private Race() {
    }

    /** Runs the stages until the candidate is stopped or fully scored; a threshold of −∞ never stops it. */
    static Outcome run(Stages stages, double threshold) {
        Map<String, Predictions> seen = new LinkedHashMap<>();
        double from = 0;
        for (double to : STAGES) {
            Map<String, Predictions> slice = stages.predict(from, to);
            slice.forEach((task, p) -> seen.merge(task, p, Predictions::concat));
            Scorer.Scores scores = stages.score(seen);
            boolean last = to == STAGES[STAGES.length - 1];
            if (last || scores.fitness() + Z * scores.fitnessStandardError() < threshold) return new Outcome(scores, to);
            from = to;
        }
        throw new IllegalStateException("the last stage returns");
    }

    /** The index where share {@code fraction} of {@code n} examples ends (the stages' slices tile the examples). */
    static int end(double fraction, int n) {
        return fraction >= 1 ? n : (int) Math.ceil(fraction * n);
    }
}
