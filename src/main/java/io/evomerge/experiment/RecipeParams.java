package io.evomerge.experiment;

import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergeSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A recipe as the journal and summary show it: the weights and λ plus the settings the method uses. */
final class RecipeParams {
    private RecipeParams() {
    }

    static Map<String, Object> of(Recipe r) {
        Map<String, Object> p = new LinkedHashMap<>();
        MergeSettings s = r.settings();
        p.put("weights", toList(r.weights().weights()));
        p.put("lambda", r.weights().lambda());
        switch (s.method()) {
            case PCB -> {
                p.put("ratio", s.ratio());
                p.put("clip", s.clip());
                p.put("inter", s.inter().name().toLowerCase());
            }
            case TIES, DARE_LINEAR, DARE_TIES -> p.put("density", s.densities());
            case CABS -> {
                if (s.pruning() == MergeMethod.Pruning.NM) p.put("nm", s.n() + ":" + s.m());
                else p.put("density", s.densities());
                p.put("order", s.order());
            }
            default -> {
            }
        }
        return p;
    }

    private static List<Double> toList(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }
}
