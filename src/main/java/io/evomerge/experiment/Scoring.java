package io.evomerge.experiment;

import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.merge.MergeBackend;
import io.evomerge.merge.device.DeviceBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a run scores with: its executor behind the run's memory of scored recipes, plus what the driver needs for
 * itself: a scorer for the population's own rows (pre-trained, individual; on the spark executor opened only if
 * they are not stored) and plans for {@code --save-model}.
 */
final class Scoring implements AutoCloseable {
    private final RememberingExecutor executor;
    private final PlanCache plans;
    private final List<Runnable> owned;
    private final Supplier<SuiteScorer> scorer;
    private SuiteScorer driverScorer;
    private final ExperimentConfig config;

    private Scoring(ExperimentConfig config, CandidateExecutor executor, PlanCache plans, SuiteScorer localScorer,
                    List<Runnable> owned) {
        this.config = config;
        this.executor = new RememberingExecutor(executor);
        this.plans = plans;
        this.owned = owned;
        this.scorer = localScorer != null ? () -> localScorer : this::driverScorer;
    }

    /** One resident evaluator (model, plan cache, buffer) per device, all in this JVM. */
    static Scoring local(ExperimentConfig config, List<String> devices, Checkpoint base, List<Checkpoint> models,
                         long planCacheBytes) {
        List<Runnable> owned = new ArrayList<>();
        // one plan cache for all evaluators (plans are read-only once built, each built once); backend: device keeps
        // the plans on the experiment's device
        DeviceBackend onDevice = null;
        if (config.merging().backend() == MergeBackend.DEVICE) {
            onDevice = DeviceBackend.open(config.device());
            owned.add(onDevice::close);
        }
        PlanCache plans = new PlanCache(base, models, planCacheBytes, onDevice);
        owned.addFirst(plans::close);
        List<CandidateEvaluator> evaluators = new ArrayList<>();
        List<SuiteScorer> scorers = new ArrayList<>();
        try {
            for (String device : devices) {
                SuiteScorer scorer = SuiteScorer.open(config.population(), device);
                owned.add(scorer::close);
                scorers.add(scorer);
                evaluators.add(new CandidateEvaluator(plans, scorer));
            }
        } catch (RuntimeException e) {
            closeAll(owned);
            throw e;
        }
        LocalExecutor executor = new LocalExecutor(evaluators, plans);
        return new Scoring(config, executor, plans, scorers.getFirst(), owned);
    }

    /** Candidates scored on the cluster; the driver keeps only plans for --save-model and, if needed, a suite. */
    static Scoring spark(ExperimentConfig config, SparkExecutor executor, Checkpoint base, List<Checkpoint> models,
                         long planCacheBytes) {
        PlanCache plans = new PlanCache(base, models, planCacheBytes);
        List<Runnable> owned = new ArrayList<>();
        owned.add(plans::close);
        return new Scoring(config, executor, plans, null, owned);
    }

    RememberingExecutor executor() {
        return executor;
    }

    /** Plans in this JVM (for writing the best model). */
    PlanCache plans() {
        return plans;
    }

    /** A scorer in this JVM for the population's own rows (the first local evaluator's). */
    SuiteScorer populationScorer() {
        return scorer.get();
    }

    private SuiteScorer driverScorer() {
        if (driverScorer == null) {
            driverScorer = SuiteScorer.open(config.population());
            owned.add(driverScorer::close);
        }
        return driverScorer;
    }

    @Override
    public void close() {
        executor.close();
        closeAll(owned);
    }

    private static void closeAll(List<Runnable> all) {
        all.forEach(Runnable::run);
    }
}
