package io.evomerge.experiment;

import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.Parameter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recipe as the journal and summary show it: the weights, λ where the method has one, and every plan parameter
 * the method declares (exclusions only when there are some), in declaration order.
 */
final class RecipeParams {
    private RecipeParams() {
    }

    static Map<String, Object> of(Recipe r) {
        Map<String, Object> p = new LinkedHashMap<>();
        MergeSettings s = r.settings();
        MergeMethod m = s.method();
        p.put("weights", r.layers() != null ? r.layers().groups()
                : java.util.Arrays.stream(r.weights().weights()).boxed().toList());
        if (m.parameter("lambda").isPresent()) p.put("lambda", r.weights().lambda());
        for (Parameter param : m.parameters()) {
            if (param.candidate()) continue;
            Object v = s.value(param.name());
            List<List<Double>> layered = r.planLayers().get(param.name());
            if (layered != null) v = param.perModel() ? layered : layered.getFirst(); // gradients over the layers
            if (v instanceof List<?> l && l.isEmpty()) continue;
            p.put(param.name(), v);
        }
        return p;
    }
}
