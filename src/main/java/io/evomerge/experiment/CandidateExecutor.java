package io.evomerge.experiment;

import io.evomerge.data.SplitName;

import java.util.List;

/**
 * Where candidates are scored: in this JVM ({@link LocalExecutor}, one resident evaluator per device) or on a Spark
 * cluster ({@link SparkExecutor}). The search loop, its journal and resume, and the memory of recipes already scored
 * ({@link RememberingExecutor}) are the same for every executor; only where a recipe runs changes. An executor never
 * throws for one candidate: a candidate it cannot score comes back failed, with the worst fitness and the reason.
 */
interface CandidateExecutor extends AutoCloseable {
    /**
     * Scores each recipe on {@code split}; the results come back in the recipes' order. With a {@code threshold}
     * (racing), each recipe races against it and may stop early with a fidelity below 1.
     */
    List<CandidateResult> evaluate(List<Recipe> recipes, SplitName split, Double threshold);

    /** Merge plans built so far by this executor's evaluators (those it has heard of). */
    int plansBuilt();

    @Override
    void close();
}
