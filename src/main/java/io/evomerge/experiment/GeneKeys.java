package io.evomerge.experiment;

import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.Parameter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The genes a method can be searched over, derived from its parameter declarations: a real parameter {@code p} gives
 * gene {@code p: [lo, hi]} (one value for all models) and, when per model, {@code ps: [lo, hi]} (one per model);
 * whole-number and word parameters give {@code p: [v1, v2, …]}; a permutation gives {@code p: true}; joint genes
 * (CABS's {@code nm: ["2:4", "4:16"]}) set several parameters. Grid keys are the real parameters.
 */
final class GeneKeys {
    /** A gene key's declaration: which parameters it sets and how; bounds come from the parameter's range. */
    record Template(String key, List<String> parameters, Genes.Kind kind, Parameter parameter) {
    }

    private GeneKeys() {
    }

    /** Every gene key of {@code method}, in declaration order (which is also the order of the search vector). */
    static Map<String, Template> of(MergeMethod method) {
        Map<String, Template> out = new LinkedHashMap<>();
        for (Parameter p : method.parameters()) {
            for (var joint : method.jointGenes().entrySet()) {
                if (joint.getValue().getFirst().equals(p.name())) {
                    out.put(joint.getKey(), new Template(joint.getKey(), joint.getValue(), Genes.Kind.CHOICE, p));
                }
            }
            List<String> one = List.of(p.name());
            switch (p.type()) {
                case REAL -> {
                    if (p.perModel()) out.put(plural(p.name()), new Template(plural(p.name()), one, Genes.Kind.PER_MODEL, p));
                    out.put(p.name(), new Template(p.name(), one, Genes.Kind.SHARED, p));
                }
                case INTEGER, CHOICE -> out.put(p.name(), new Template(p.name(), one, Genes.Kind.CHOICE, p));
                case PERMUTATION -> out.put(p.name(), new Template(p.name(), one, Genes.Kind.PERMUTATION, p));
                case BOOLEAN, PATTERNS -> {
                }
            }
        }
        return out;
    }

    private static String plural(String name) {
        return name.endsWith("y") ? name.substring(0, name.length() - 1) + "ies" : name + "s";
    }

    /** Keys a {@code grid:} may list: the real parameters, one value for all models. */
    static List<String> gridKeys(MergeMethod method) {
        List<String> keys = new ArrayList<>();
        for (Template t : of(method).values()) if (t.kind() == Genes.Kind.SHARED) keys.add(t.key());
        return keys;
    }
}
