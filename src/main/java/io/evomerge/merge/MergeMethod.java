package io.evomerge.merge;

import io.evomerge.merge.device.DeviceKernel;
import io.evomerge.merge.device.DeviceKernels;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The registry of merge methods. Each entry declares, once, its parameters ({@link Parameter}: name, type, range,
 * default, whether per model), its kernel, how a candidate's weights become coefficients, and its table label. The
 * config reader, recipe writer, search genes and grid keys, CLI help, report rows and the README's parameter table
 * all derive from these entries. Adding a method means: an entry here, its {@link Kernel}, its device kernel
 * ({@code merge.device.DeviceKernels}; the same maths on DJL NDArrays for {@code backend: device}, or null when it
 * has none), and nothing else.
 */
public enum MergeMethod {
    LINEAR("linear", "Averaging", "Σ wi·θi / Σ wi (mergekit's linear; `normalize: false` keeps Σ wi·θi)",
            Scope.TENSOR, false, true,
            List.of(P.WEIGHT, P.NORMALIZE, P.EXCLUDE),
            s -> new TaskArithmeticKernel(), s -> DeviceKernels.taskArithmetic(), (s, i) -> 1.0, s -> { }),
    TASK_ARITHMETIC("task_arithmetic", "Task arithmetic", "θ0 + λ·Σ wi·τi (Ilharco et al. 2023)", Scope.TENSOR, false,
            false, List.of(P.WEIGHT, P.LAMBDA, P.EXCLUDE),
            s -> new TaskArithmeticKernel(), s -> DeviceKernels.taskArithmetic(), (s, i) -> 1.0, s -> { }),
    TIES("ties", "TIES", "trim each τi to its top `density` by |x|, elect a sign per entry, disjoint mean, θ0 + λ·merged "
            + "(Yadav et al. 2023)",
            Scope.MODEL, true, false,
            List.of(P.WEIGHT, P.LAMBDA, P.DENSITY.withDefault(0.2), P.scope(Scope.MODEL), P.EXCLUDE),
            s -> new TrimKernel(s.reals("density")), s -> DeviceKernels.trim(s.reals("density")),
            (s, i) -> s.reals("density").get(i), s -> { }),
    DARE_LINEAR("dare_linear", "DARE", "keep each entry with probability `density`, rescale by 1/density (seeded), then task "
            + "arithmetic (Yu et al. 2024)", Scope.TENSOR, false, false,
            List.of(P.WEIGHT, P.LAMBDA, P.DENSITY.withDefault(0.5), P.SEED, P.EXCLUDE),
            s -> new DareKernel(s.reals("density"), s.integer("seed")),
            s -> DeviceKernels.dare(s.reals("density"), s.integer("seed")), (s, i) -> s.reals("density").get(i), s -> { }),
    DARE_TIES("dare_ties", "DARE-TIES", "DARE's seeded drop and rescale, then TIES's sign election", Scope.MODEL, true,
            false, List.of(P.WEIGHT, P.LAMBDA, P.DENSITY.withDefault(0.5), P.SEED, P.scope(Scope.MODEL), P.EXCLUDE),
            s -> new DareKernel(s.reals("density"), s.integer("seed")),
            s -> DeviceKernels.dare(s.reals("density"), s.integer("seed")), (s, i) -> s.reals("density").get(i), s -> { }),
    PCB("pcb", "PCB", "intra-balancing exp(n·minmax(|τ|)²) × inter-balancing, keep the top `ratio`, "
            + "weighted average (Du et al., NeurIPS 2024)",
            Scope.MODEL, false, false,
            List.of(P.WEIGHT, P.LAMBDA, P.RATIO, P.CLIP, P.INTER, P.scope(Scope.MODEL), P.EXCLUDE),
            s -> new PcbKernel(s.real("ratio"), s.real("clip"), Inter.parse(s.choice("inter"))),
            s -> DeviceKernels.pcb(s.real("ratio"), s.real("clip"), Inter.parse(s.choice("inter"))),
            (s, i) -> s.real("ratio"), s -> { }),
    CABS("cabs", "CABS", "prune models in `order`, each only where no earlier model kept an entry, with balanced "
            + "n:m blocks or a magnitude threshold (Yang et al. 2025)", Scope.TENSOR, false, false,
            List.of(P.WEIGHT, P.LAMBDA, P.PRUNING, P.DENSITY.withDefault(0.1), P.N, P.M, P.ORDER, P.scope(Scope.TENSOR),
                    P.EXCLUDE),
            s -> new CabsKernel(Pruning.parse(s.choice("pruning")), (int) s.integer("n"), (int) s.integer("m"),
                    s.reals("density"), s.order()),
            s -> DeviceKernels.cabs(Pruning.parse(s.choice("pruning")), (int) s.integer("n"), (int) s.integer("m"),
                    s.reals("density"), s.order()),
            (s, i) -> Pruning.parse(s.choice("pruning")) == Pruning.NM
                    ? (double) s.integer("n") / s.integer("m") : s.reals("density").get(i),
            MergeMethod::checkCabs);

    /** Statistics over each tensor separately, or over the whole model flattened (tensors in ascending name order). */
    public enum Scope {
        MODEL, TENSOR;

        static Scope parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** PCB's inter-balancing: tanh(τi ⊙ Σj τj) (the NLP code), or Σj tanh(ŝi ⊙ ŝj) (the vision ES code). */
    public enum Inter {
        SUM, PAIRWISE;

        static Inter parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** CABS's balanced sparsification: n:m blocks, or a magnitude threshold per tensor. */
    public enum Pruning {
        NM, MAGNITUDE;

        static Pruning parse(String s) {
            return s.equals("n:m") ? NM : MAGNITUDE;
        }
    }

    /** The parameter declarations the entries share. */
    private static final class P {
        static final Parameter WEIGHT = new Parameter("weight", Parameter.Type.REAL, 1.0, Double.NEGATIVE_INFINITY,
                true, Double.POSITIVE_INFINITY, true, List.of(), true, true, "the model's coefficient (what the ES tunes)");
        static final Parameter LAMBDA = Parameter.real("lambda", 1.0, 0, false, Double.POSITIVE_INFINITY, true,
                "global scale of the merged task vector").perCandidate();
        static final Parameter DENSITY = Parameter.real("density", 0.5, 0, true, 1, false,
                "fraction of entries kept").perModelToo();
        static final Parameter RATIO = Parameter.real("ratio", 0.1, 0, true, 1, false,
                "fraction of each task's entries kept by the balancing score");
        static final Parameter CLIP = Parameter.real("clip", 1e-4, 0, false, 0.5, true,
                "outlier clip quantile on both ends of |τ|");
        static final Parameter INTER = Parameter.choice("inter", "sum", List.of("sum", "pairwise"),
                "inter-balancing: tanh(τi ⊙ Σj τj), or Σj tanh(τi ⊙ τj)");
        static final Parameter PRUNING = Parameter.choice("pruning", "n:m", List.of("n:m", "magnitude"),
                "balanced n:m blocks, or a magnitude threshold at 1 − density");
        static final Parameter N = Parameter.integer("n", 4, 1, Integer.MAX_VALUE, "entries kept per block (n:m)");
        static final Parameter M = Parameter.integer("m", 16, 1, Integer.MAX_VALUE, "block length (n:m)");
        static final Parameter ORDER = Parameter.permutation("order", "the order in which models are pruned");
        static final Parameter SEED = Parameter.integer("seed", 0, 0, Long.MAX_VALUE, "seed of the random drops");
        static final Parameter NORMALIZE = Parameter.bool("normalize", true, "divide by the sum of the weights");
        static final Parameter EXCLUDE = Parameter.patterns("exclude",
                "tensors whose name matches keep the base's values");

        static Parameter scope(Scope fallback) {
            return Parameter.choice("scope", fallback.name().toLowerCase(Locale.ROOT), List.of("model", "tensor"),
                    "quantiles over the whole model flattened, or per tensor");
        }
    }

    /** Computes a per-model kept fraction from settings and a model index (for memory estimates). */
    interface KeptFraction {
        double of(MergeSettings s, int model);
    }

    private final String configName;
    private final String label;
    private final String description;
    private final Scope fixedScope;
    private final boolean electsSigns;
    private final boolean averages;
    private final List<Parameter> parameters;
    private final Function<MergeSettings, Kernel<?>> kernel;
    private final Function<MergeSettings, DeviceKernel<?>> deviceKernel;
    private final KeptFraction kept;
    private final Consumer<MergeSettings> check;

    MergeMethod(String configName, String label, String description, Scope fixedScope, boolean electsSigns,
                boolean averages, List<Parameter> parameters, Function<MergeSettings, Kernel<?>> kernel,
                Function<MergeSettings, DeviceKernel<?>> deviceKernel, KeptFraction kept, Consumer<MergeSettings> check) {
        this.configName = configName;
        this.label = label;
        this.description = description;
        this.fixedScope = fixedScope;
        this.electsSigns = electsSigns;
        this.averages = averages;
        this.parameters = List.copyOf(parameters);
        this.kernel = kernel;
        this.deviceKernel = deviceKernel;
        this.kept = kept;
        this.check = check;
    }

    public String configName() {
        return configName;
    }

    /** The name the papers' tables use. */
    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** Every parameter, in declaration order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Keys accepted under a model's own {@code parameters:}. */
    public List<String> modelParameters() {
        return parameters.stream().filter(Parameter::perModel).map(Parameter::name).toList();
    }

    /**
     * Genes that set several parameters at once, by key: a value {@code "a:b"} of gene {@code nm} sets n = a and
     * m = b (CABS's n:m patterns are searched as pairs, so that no candidate has n > m).
     */
    public Map<String, List<String>> jointGenes() {
        return this == CABS ? Map.of("nm", List.of("n", "m")) : Map.of();
    }

    /** The scope of methods that have no {@code scope} parameter. */
    Scope fixedScope() {
        return fixedScope;
    }

    /** Whether candidates are combined by TIES's sign election rather than as a weighted sum of contributions. */
    public boolean electsSigns() {
        return electsSigns;
    }

    /** Whether the weights are averaged (Σ wi·θi / Σ wi) rather than scaled by λ. */
    boolean averages() {
        return averages;
    }

    Kernel<?> kernel(MergeSettings s) {
        return kernel.apply(s);
    }

    /** Whether the method has a device kernel (DJL NDArrays), i.e. runs with {@code backend: device}. */
    public boolean hasDeviceKernel() {
        return deviceKernel != null;
    }

    /**
     * The device kernel for {@code s}: the same maths as {@link #kernel} on NDArrays. A method declared without one
     * is refused with a one-line message naming it.
     */
    public DeviceKernel<?> deviceKernel(MergeSettings s) {
        if (deviceKernel == null) {
            throw new io.evomerge.EvomergeException("backend: " + configName + " has no device kernel yet; use backend: java");
        }
        return deviceKernel.apply(s);
    }

    double keptFraction(MergeSettings s, int model) {
        return kept.of(s, model);
    }

    /** Checks that span parameters (ranges are checked from the declarations). */
    void check(MergeSettings s) {
        check.accept(s);
    }

    private static void checkCabs(MergeSettings s) {
        if (Pruning.parse(s.choice("pruning")) != Pruning.NM) return;
        if (s.integer("n") > s.integer("m")) {
            throw new IllegalArgumentException("n: " + s.integer("n") + ":" + s.integer("m")
                    + " is invalid (need 1 <= n <= m)");
        }
        if (s.scope() == Scope.MODEL) {
            throw new IllegalArgumentException("scope: cabs n:m prunes blocks within each tensor; use scope: tensor");
        }
    }

    public static MergeMethod parse(String name) {
        for (MergeMethod m : values()) if (m.configName.equals(name.toLowerCase(Locale.ROOT))) return m;
        return null;
    }

    public static String names() {
        return Arrays.stream(values()).map(MergeMethod::configName).toList().toString();
    }
}
