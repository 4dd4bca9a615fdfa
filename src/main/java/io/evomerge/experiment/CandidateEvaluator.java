package io.evomerge.experiment;

import io.evomerge.EvomergeException;
import io.evomerge.data.SplitName;
import io.evomerge.merge.MergePlan;
import io.evomerge.merge.MergedTensors;

import java.util.Map;

/**
 * Scores recipes: plan (cached by settings) → rebuild into the resident buffer (Java backend) or straight into the
 * model's parameters on its device (device backend) → scorer. A recipe that fails (an exception, non-finite merged
 * weights) gets the worst fitness and its reason; the search goes on. One instance per device or worker, used by one
 * thread: the buffer and the scorer's model are its own. Remembering recipes already scored is the run's job
 * ({@link RememberingExecutor}), whichever evaluator scored them.
 */
final class CandidateEvaluator {
    private final PlanCache plans;
    private final Scorer scorer;
    private MergedTensors buffer;

    CandidateEvaluator(PlanCache plans, Scorer scorer) {
        this.plans = plans;
        this.scorer = scorer;
    }

    /** Scores {@code recipe} on {@code on}. */
    CandidateResult evaluate(Recipe recipe, SplitName on) {
        return evaluate(recipe, on, null);
    }

    /**
     * Scores {@code recipe} on {@code on}, racing it against {@code threshold} when one is given ({@link Race}): a
     * race may stop early, with a fidelity below 1.
     */
    CandidateResult evaluate(Recipe recipe, SplitName on, Double threshold) {
        long t0 = System.nanoTime();
        double mergeSeconds = 0;
        CandidateResult result;
        try {
            String bad;
            if (plans.onDevice()) {
                if (recipe.layers() != null || !recipe.planLayers().isEmpty()) {
                    throw new EvomergeException("layer-wise genes have no device rebuild yet; use backend: java");
                }
                bad = scorer.load(plans.device(recipe.settings()), recipe.weights());
            } else {
                MergePlan plan = plans.get(recipe.plan());
                if (buffer == null) buffer = plan.newBuffer();
                recipe.applyTo(plan, buffer);
                bad = firstNonFinite(buffer);
            }
            mergeSeconds = (System.nanoTime() - t0) / 1e9;
            if (bad != null) {
                result = CandidateResult.failed(recipe, "non-finite merged weights in " + bad, mergeSeconds, 0);
            } else {
                long t1 = System.nanoTime();
                Scorer.Scores s;
                double fidelity = 1;
                if (threshold == null) {
                    s = plans.onDevice() ? scorer.scoreLoaded(on) : scorer.score(buffer, on);
                } else {
                    Race.Outcome o = Race.run(scorer.stages(plans.onDevice() ? null : buffer, on), threshold);
                    s = o.scores();
                    fidelity = o.fidelity();
                }
                double evalSeconds = (System.nanoTime() - t1) / 1e9;
                result = Double.isFinite(s.fitness())
                        ? new CandidateResult(recipe, s.metrics(), s.fitness(), s.fitnessStandardError(),
                                s.predictions(), null, mergeSeconds, evalSeconds, fidelity)
                        : CandidateResult.failed(recipe, "non-finite fitness " + s.fitness(), mergeSeconds, evalSeconds);
            }
        } catch (RuntimeException e) {
            double elapsed = (System.nanoTime() - t0) / 1e9;
            result = CandidateResult.failed(recipe, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    mergeSeconds == 0 ? elapsed : mergeSeconds, mergeSeconds == 0 ? 0 : elapsed - mergeSeconds);
        }
        return result;
    }

    private static String firstNonFinite(MergedTensors merged) {
        for (Map.Entry<String, float[]> e : merged.tensors().entrySet()) {
            for (float v : e.getValue()) if (!Float.isFinite(v)) return e.getKey();
        }
        return null;
    }
}
