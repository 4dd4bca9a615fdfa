package io.evomerge.experiment;

import io.evomerge.data.SplitName;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scores candidates in this JVM: one resident evaluator per configured device (or CPU worker), each used by one
 * thread only. A batch's candidates go to whichever evaluator is free next and come back in batch order; an
 * evaluation does not depend on which evaluator ran it, so the journal does not depend on how many there are.
 */
final class LocalExecutor implements CandidateExecutor {
    private final List<CandidateEvaluator> evaluators;
    private final PlanCache plans;
    private final ExecutorService threads;

    /** @param plans the plan cache the evaluators share (for counting plans) */
    LocalExecutor(List<CandidateEvaluator> evaluators, PlanCache plans) {
        this.evaluators = List.copyOf(evaluators);
        this.plans = plans;
        this.threads = evaluators.size() > 1 ? Executors.newFixedThreadPool(evaluators.size(), r -> {
            Thread t = new Thread(r, "evaluator");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    @Override
    public List<CandidateResult> evaluate(List<Recipe> recipes, SplitName split, Double threshold) {
        if (threads == null) {
            List<CandidateResult> out = new ArrayList<>();
            for (Recipe r : recipes) out.add(evaluators.getFirst().evaluate(r, split, threshold));
            return out;
        }
        CandidateResult[] out = new CandidateResult[recipes.size()];
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (CandidateEvaluator evaluator : evaluators) {
            running.add(threads.submit(() -> {
                for (int k; (k = next.getAndIncrement()) < out.length; ) out[k] = evaluator.evaluate(recipes.get(k), split, threshold);
            }));
        }
        try {
            for (Future<?> f : running) f.get();
        } catch (InterruptedException e) {
            running.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating", e);
        } catch (ExecutionException e) {
            running.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
        return Arrays.asList(out);
    }

    @Override
    public int plansBuilt() {
        return plans.built();
    }

    /** Stops the evaluators' threads; the evaluators' models belong to whoever built them. */
    @Override
    public void close() {
        if (threads != null) threads.shutdownNow();
    }
}
