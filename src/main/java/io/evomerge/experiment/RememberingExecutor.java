package io.evomerge.experiment;

import io.evomerge.data.SplitName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run's memory in front of any executor: a recipe already scored on a split (by a baseline, an earlier
 * generation, or earlier in the same batch) is answered from memory at no cost, so only new recipes are sent out,
 * each once. Whichever executor scores, equal recipes get equal answers.
 */
final class RememberingExecutor implements CandidateExecutor {
    private final CandidateExecutor executor;
    private final Map<Scored, CandidateResult> seen = new HashMap<>();

    RememberingExecutor(CandidateExecutor executor) {
        this.executor = executor;
    }

    /** A recipe scored on a split: the memory's key. */
    private record Scored(Recipe recipe, SplitName split) {
    }

    CandidateResult evaluate(Recipe recipe, SplitName split) {
        return evaluate(List.of(recipe), split, null).getFirst();
    }

    /** Only whole scores are remembered: a race stopped early may be needed in full later; a whole score answers a race. */
    @Override
    public List<CandidateResult> evaluate(List<Recipe> recipes, SplitName split, Double threshold) {
        Set<Recipe> fresh = new LinkedHashSet<>();
        for (Recipe r : recipes) if (!seen.containsKey(new Scored(r, split))) fresh.add(r);
        List<Recipe> sent = new ArrayList<>(fresh);
        List<CandidateResult> scored = sent.isEmpty() ? List.of() : executor.evaluate(sent, split, threshold);
        Map<Recipe, CandidateResult> now = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            now.put(sent.get(i), scored.get(i));
            if (scored.get(i).fidelity() == 1) seen.put(new Scored(sent.get(i), split), scored.get(i));
        }
        // the first occurrence of a new recipe carries its cost; repeats (here or later) cost nothing
        List<CandidateResult> out = new ArrayList<>(recipes.size());
        for (Recipe r : recipes) {
            CandidateResult known = now.containsKey(r) ? now.get(r) : seen.get(new Scored(r, split));
            out.add(fresh.remove(r) ? known : known.remembered());
        }
        return out;
    }

    @Override
    public int plansBuilt() {
        return executor.plansBuilt();
    }

    @Override
    public void close() {
        executor.close();
    }
}
