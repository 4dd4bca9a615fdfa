package io.evomerge.experiment;

import io.evomerge.EvomergeException;
import io.evomerge.ShortHash;
import io.evomerge.data.SplitName;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Scores candidates on a Spark cluster (the master and settings come from the usual Spark settings: spark-submit's,
 * or {@code -Dspark.master=...}). Each candidate of a batch is a one-task job, all submitted at once, so Spark's
 * scheduler spreads them over the executors' task slots as they free up, and a task that still fails after
 * Spark's retries fails that candidate alone: it comes back failed with the worst fitness, is journaled, and the
 * search goes on. Every executor JVM keeps resident evaluators ({@link ResidentEvaluators}: population, plan
 * cache, DJL model on its GPU or CPU), built once per experiment and reused across generations and searches. The
 * experiment file and the population must be at the same path on every node. The driver alone writes the journal.
 */
final class SparkExecutor implements CandidateExecutor {
    private static final int REASON_CHARS = 400;
    private final JavaSparkContext spark;
    private final ExperimentConfig config;
    private final long planCacheBytes;
    private final String experimentHash;
    private int plansBuilt;

    private SparkExecutor(JavaSparkContext spark, ExperimentConfig config, long planCacheBytes, String experimentHash) {
        this.spark = spark;
        this.config = config;
        this.planCacheBytes = planCacheBytes;
        this.experimentHash = experimentHash;
    }

    /** Connects to the master the Spark settings name (spark-submit sets them as {@code spark.*} properties). */
    static SparkExecutor start(ExperimentConfig config, long planCacheBytes, RunListener listener) {
        SparkConf conf = new SparkConf();
        conf.setIfMissing("spark.app.name", "evomerge " + config.name());
        // candidates and results are small records: Java serialization needs no registration
        conf.set("spark.serializer", "org.apache.spark.serializer.JavaSerializer");
        String hash;
        try {
            hash = ShortHash.of(Files.readAllBytes(config.file()));
        } catch (IOException e) {
            throw new EvomergeException(config.file() + ": cannot read (" + e.getMessage() + ")", e);
        }
        JavaSparkContext spark = new JavaSparkContext(conf);
        spark.setLogLevel("WARN");
        listener.message("spark: master " + spark.master() + ", application " + spark.sc().applicationId()
                + ", default parallelism " + spark.defaultParallelism());
        return new SparkExecutor(spark, config, planCacheBytes, hash);
    }

    @Override
    public List<CandidateResult> evaluate(List<Recipe> recipes, SplitName split, Double threshold) {
        SparkTask task = new SparkTask(config.file().toString(), experimentHash, planCacheBytes, split, threshold);
        List<JavaFutureAction<List<SparkTask.Result>>> jobs = new ArrayList<>();
        for (Recipe r : recipes) jobs.add(spark.parallelize(List.of(r), 1).map(task).collectAsync());
        List<CandidateResult> out = new ArrayList<>();
        for (int k = 0; k < jobs.size(); k++) {
            try {
                SparkTask.Result result = jobs.get(k).get().getFirst();
                plansBuilt += result.plansBuilt();
                out.add(result.result());
            } catch (ExecutionException e) {
                out.add(CandidateResult.failed(recipes.get(k), "spark: " + reason(e.getCause()), 0, 0));
            } catch (InterruptedException e) {
                jobs.forEach(j -> j.cancel(true));
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Spark", e);
            }
        }
        return out;
    }

    /** The first line of Spark's message ("Job aborted due to stage failure: Task 0 ... failed 4 times, ..."). */
    private static String reason(Throwable t) {
        String m = String.valueOf(t.getMessage()).strip().lines().findFirst().orElse(t.getClass().getSimpleName());
        return m.length() > REASON_CHARS ? m.substring(0, REASON_CHARS) + "..." : m;
    }

    @Override
    public int plansBuilt() {
        return plansBuilt;
    }

    @Override
    public void close() {
        spark.stop();
        ResidentEvaluators.closeIdle();
    }
}
