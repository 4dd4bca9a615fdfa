package io.evomerge.merge;

import io.evomerge.EvomergeException;

import java.util.HashSet;
import java.util.List;

/** Range checks of {@link MergeSettings}, shared by config files and code: each failure names the key and its range. */
final class MergeSettingsCheck {
    private MergeSettingsCheck() {
    }

    static void validate(MergeSettings s, int models) {
        if (models < 1) throw new EvomergeException("models: at least one fine-tuned model is needed");
        if (s.densities().size() != models) {
            throw new EvomergeException("density: " + s.densities().size() + " values for " + models + " models");
        }
        for (int i = 0; i < models; i++) {
            double d = s.densities().get(i);
            if (!(d > 0 && d <= 1)) throw new EvomergeException("models[" + i + "].parameters.density: " + d + " is out of range (0, 1]");
        }
        if (!(s.ratio() > 0 && s.ratio() <= 1)) throw new EvomergeException("parameters.ratio: " + s.ratio() + " is out of range (0, 1]");
        if (!(s.clip() >= 0 && s.clip() < 0.5)) throw new EvomergeException("parameters.clip: " + s.clip() + " is out of range [0, 0.5)");
        if (s.method() == MergeMethod.CABS && s.pruning() == MergeMethod.Pruning.NM) {
            if (s.n() < 1 || s.m() < 1 || s.n() > s.m()) {
                throw new EvomergeException("parameters.n/m: " + s.n() + ":" + s.m() + " is invalid (need 1 <= n <= m)");
            }
            if (s.scope() == MergeMethod.Scope.MODEL) {
                throw new EvomergeException("parameters.scope: cabs n:m prunes blocks within each tensor; use scope: tensor");
            }
        }
        List<Integer> order = s.order();
        if (order.size() != models || !new HashSet<>(order).equals(new HashSet<>(java.util.stream.IntStream.range(0, models).boxed().toList()))) {
            throw new EvomergeException("parameters.order: " + order + " is not a permutation of the model indices 0.." + (models - 1));
        }
        Exclusions.of(s.exclude());
    }
}
