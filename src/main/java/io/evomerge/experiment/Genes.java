package io.evomerge.experiment;

import java.util.List;

/**
 * What a search varies, as derived from its method's parameter declarations: each gene sets one parameter (or, for
 * a joint gene, several). Continuous plan parameters are snapped to {@code snap} so that nearby proposals share one
 * merge plan; weights and λ are not snapped.
 */
public record Genes(List<Gene> genes, double snap) {
    public Genes {
        genes = List.copyOf(genes);
    }

    /** How a gene maps onto parameters. */
    public enum Kind {
        /** One real value for the parameter (for a per-model parameter, the same for every model). */
        SHARED,
        /** One real value per model, named by the parameter's first letter and the model index (w0, d1, …). */
        PER_MODEL,
        /** One of the listed values (whole numbers, words, or "a:b" for a joint gene). */
        CHOICE,
        /** Every ordering of the models. */
        PERMUTATION
    }

    /**
     * One gene: its key in {@code genes:}, the parameters it sets, its kind, and its range (real kinds) or values
     * (choices); {@code candidate} genes (weights, λ) are applied per candidate and never snapped. A per-model
     * weight gene with {@code layerGroups} G > 1 has G values per model, a gradient over the layers.
     */
    public record Gene(String key, List<String> parameters, Kind kind, double lo, double hi, List<String> values,
                       boolean candidate, int layerGroups) {
        public Gene {
            parameters = List.copyOf(parameters);
            values = List.copyOf(values);
        }

        public Gene(String key, List<String> parameters, Kind kind, double lo, double hi, List<String> values,
                    boolean candidate) {
            this(key, parameters, kind, lo, hi, values, candidate, 1);
        }
    }

    boolean isEmpty() {
        return genes.isEmpty();
    }

    boolean varies(String parameter) {
        return genes.stream().anyMatch(g -> g.parameters().contains(parameter));
    }
}
