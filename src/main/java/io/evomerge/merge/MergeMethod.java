package io.evomerge.merge;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * The merge methods, each with the parameters it accepts (global and per model) and its default scope. This one
 * list drives config validation, the CLI help and the search space.
 */
public enum MergeMethod {
    LINEAR("linear", Scope.TENSOR, Set.of("normalize", "exclude"), Set.of("weight")),
    TASK_ARITHMETIC("task_arithmetic", Scope.TENSOR, Set.of("lambda", "exclude"), Set.of("weight")),
    TIES("ties", Scope.MODEL, Set.of("lambda", "density", "scope", "exclude"), Set.of("weight", "density")),
    DARE_LINEAR("dare_linear", Scope.TENSOR, Set.of("lambda", "density", "seed", "exclude"), Set.of("weight", "density")),
    DARE_TIES("dare_ties", Scope.MODEL, Set.of("lambda", "density", "seed", "scope", "exclude"), Set.of("weight", "density")),
    PCB("pcb", Scope.MODEL, Set.of("lambda", "ratio", "clip", "inter", "scope", "exclude"), Set.of("weight")),
    CABS("cabs", Scope.TENSOR, Set.of("lambda", "pruning", "density", "n", "m", "order", "scope", "exclude"), Set.of("weight"));

    /** Statistics over each tensor separately, or over the whole model flattened (tensors in ascending name order). */
    public enum Scope { MODEL, TENSOR }

    /** PCB's inter-balancing: tanh(τi ⊙ Σj τj) (the NLP code), or Σj tanh(ŝi ⊙ ŝj) (the vision ES code). */
    public enum Inter { SUM, PAIRWISE }

    /** CABS's balanced sparsification: n:m blocks, or a magnitude threshold per tensor. */
    public enum Pruning { NM, MAGNITUDE }

    private final String configName;
    private final Scope defaultScope;
    private final Set<String> parameters;
    private final Set<String> modelParameters;

    MergeMethod(String configName, Scope defaultScope, Set<String> parameters, Set<String> modelParameters) {
        this.configName = configName;
        this.defaultScope = defaultScope;
        this.parameters = parameters;
        this.modelParameters = modelParameters;
    }

    public String configName() {
        return configName;
    }

    public Scope defaultScope() {
        return defaultScope;
    }

    /** Keys accepted under {@code parameters:}. */
    public Set<String> parameters() {
        return parameters;
    }

    /** Keys accepted under a model's {@code parameters:}. */
    public Set<String> modelParameters() {
        return modelParameters;
    }

    /** Whether the candidate rebuild is a weighted sum of precomputed contributions (all but the sign-electing ones). */
    boolean isLinear() {
        return this != TIES && this != DARE_TIES;
    }

    public static MergeMethod parse(String name) {
        for (MergeMethod m : values()) if (m.configName.equals(name.toLowerCase(Locale.ROOT))) return m;
        return null;
    }

    public static String names() {
        return Arrays.stream(values()).map(MergeMethod::configName).toList().toString();
    }
}
