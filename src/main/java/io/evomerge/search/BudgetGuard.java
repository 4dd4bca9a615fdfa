package io.evomerge.search;

import io.jenetics.DoubleGene;
import io.jenetics.Optimize;
import io.jenetics.Phenotype;
import io.jenetics.engine.EvolutionDurations;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.EvolutionStart;
import io.jenetics.engine.Evolution;
import io.jenetics.util.ISeq;

/**
 * Wraps a strategy's evolution for one run. It stops calling the strategy once the budget is
 * spent, strips budget placeholders from the truncated last generation, and tells the stream's
 * limit whether the latest generation evaluated anything (a finished grid or a spent budget
 * yields nothing, which ends the stream).
 */
final class BudgetGuard implements Evolution<DoubleGene, Double> {

    private final Evolution<DoubleGene, Double> strategy;
    private final JournalEvaluator evaluator;
    private boolean progressed;

    BudgetGuard(Evolution<DoubleGene, Double> strategy, JournalEvaluator evaluator) {
        this.strategy = strategy;
        this.evaluator = evaluator;
    }

    /** The stream's limit: false after a generation that evaluated nothing. */
    boolean progressed() {
        return progressed;
    }

    @Override
    public EvolutionResult<DoubleGene, Double> evolve(EvolutionStart<DoubleGene, Double> start) {
        long before = evaluator.count();
        if (evaluator.exhausted()) {
            progressed = false;
            return EvolutionResult.of(Optimize.MAXIMUM, start.population(), start.generation(),
                    EvolutionDurations.ZERO, 0, 0, 0);
        }
        EvolutionResult<DoubleGene, Double> result = strategy.evolve(start);
        progressed = evaluator.count() > before;
        ISeq<Phenotype<DoubleGene, Double>> evaluated =
                result.population().stream()
                        .filter(p -> p.fitness() != JournalEvaluator.UNEVALUATED).collect(ISeq.toISeq());
        if (evaluated.size() == result.population().size()) {
            return result;
        }
        return EvolutionResult.of(result.optimize(), evaluated, result.generation(), result.totalGenerations(),
                result.durations(), result.killCount(), result.invalidCount(), result.alterCount());
    }
}
