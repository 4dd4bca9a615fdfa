package io.evomerge.experiment;

import io.evomerge.data.SplitName;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.resource.ResourceInformation;

import java.io.Serializable;

/**
 * One candidate on a Spark executor: borrows one of this JVM's resident evaluators for the experiment (on the GPU
 * Spark assigned to the task, if any), scores the recipe, and gives the evaluator back for the next task.
 */
record SparkTask(String experimentFile, String experimentHash, long planCacheBytes, SplitName split, Double threshold)
        implements Function<Recipe, SparkTask.Result> {

    /** What goes back to the driver: the result and how many plans this task built. */
    record Result(CandidateResult result, int plansBuilt) implements Serializable {
    }

    @Override
    public Result call(Recipe recipe) {
        ResidentEvaluators.Key key = new ResidentEvaluators.Key(experimentFile, experimentHash, planCacheBytes);
        ResidentEvaluators.Resident resident = ResidentEvaluators.borrow(key, gpu());
        try {
            int before = resident.plansBuilt();
            CandidateResult r = resident.evaluator().evaluate(recipe, split, threshold);
            return new Result(r, resident.plansBuilt() - before);
        } finally {
            ResidentEvaluators.giveBack(resident);
        }
    }

    /** The GPU Spark assigned to this task (spark.task.resource.gpu.amount=1), as a DJL device; null if none. */
    static String gpu() {
        TaskContext context = TaskContext.get();
        ResourceInformation gpu = context == null ? null : context.resourcesJMap().get("gpu");
        return gpu == null || gpu.addresses().length == 0 ? null : "gpu:" + gpu.addresses()[0];
    }
}
