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
 * ({@code merge.device.DeviceKernels}; the same maths on DJL NDArrays for {@code backend: device}), and nothing else.
 */
public enum MergeMethod {
    LINEAR("linear", "Averaging", "Σ wi·θi / Σ wi (mergekit's linear; `normalize: false` keeps Σ wi·θi); needs no base",
            Scope.TENSOR, false, true, Inputs.ANY_BASE_OPTIONAL,
            List.of(P.WEIGHT, P.NORMALIZE, P.EXCLUDE),
            s -> new TaskArithmeticKernel(), s -> DeviceKernels.taskArithmetic(), (s, i) -> 1.0, s -> { }),
    TASK_ARITHMETIC("task_arithmetic", "Task arithmetic", "θ0 + λ·Σ wi·τi (Ilharco et al. 2023)", Scope.TENSOR, false,
            false, Inputs.ANY, List.of(P.WEIGHT, P.LAMBDA, P.normalize(false), P.INT8_MASK, P.EXCLUDE),
            s -> new TaskArithmeticKernel(), s -> DeviceKernels.taskArithmetic(), (s, i) -> 1.0, s -> { }),
    TIES("ties", "TIES", "trim each τi to its top `density` by |x|, elect a sign per entry, disjoint mean, θ0 + λ·merged "
            + "(Yadav et al. 2023)",
            Scope.MODEL, true, false, Inputs.ANY,
            List.of(P.WEIGHT, P.LAMBDA, P.DENSITY.withDefault(0.2), P.scope(Scope.MODEL), P.normalize(true),
                    P.INT8_MASK, P.EXCLUDE),
            s -> new TrimKernel(s.reals("density")), s -> DeviceKernels.trim(s.reals("density")),
            (s, i) -> s.reals("density").get(i), s -> { }),
    DARE_LINEAR("dare_linear", "DARE", "keep each entry with probability `density`, rescale by 1/density (seeded), then task "
            + "arithmetic (Yu et al. 2024)", Scope.TENSOR, false, false, Inputs.ANY,
            List.of(P.WEIGHT, P.LAMBDA, P.DENSITY.withDefault(0.5), P.SEED, P.rescale(true), P.normalize(false),
                    P.INT8_MASK, P.EXCLUDE),
            s -> new DareKernel(s.reals("density"), s.integer("seed"), s.flag("rescale")),
            s -> DeviceKernels.dare(s.reals("density"), s.integer("seed"), s.flag("rescale")),
            (s, i) -> s.reals("density").get(i), s -> { }),
    DARE_TIES("dare_ties", "DARE-TIES", "DARE's seeded drop and rescale, then TIES's sign election", Scope.MODEL, true,
            false, Inputs.ANY, List.of(P.WEIGHT, P.LAMBDA, P.DENSITY.withDefault(0.5), P.SEED, P.rescale(true),
                    P.scope(Scope.MODEL), P.normalize(true), P.INT8_MASK, P.EXCLUDE),
            s -> new DareKernel(s.reals("density"), s.integer("seed"), s.flag("rescale")),
            s -> DeviceKernels.dare(s.reals("density"), s.integer("seed"), s.flag("rescale")),
            (s, i) -> s.reals("density").get(i), s -> { }),
    PCB("pcb", "PCB", "intra-balancing exp(n·minmax(|τ|)²) × inter-balancing, keep the top `ratio`, "
            + "weighted average (Du et al., NeurIPS 2024)",
            Scope.MODEL, false, false, Inputs.ANY,
            List.of(P.WEIGHT, P.LAMBDA, P.RATIO, P.CLIP, P.INTER, P.scope(Scope.MODEL), P.EXCLUDE),
            s -> new PcbKernel(s.real("ratio"), s.real("clip"), Inter.parse(s.choice("inter"))),
            s -> DeviceKernels.pcb(s.real("ratio"), s.real("clip"), Inter.parse(s.choice("inter"))),
            (s, i) -> s.real("ratio"), s -> { }),
    CABS("cabs", "CABS", "prune models in `order`, each only where no earlier model kept an entry, with balanced "
            + "n:m blocks or a magnitude threshold (Yang et al. 2025)", Scope.TENSOR, false, false, Inputs.ANY,
            List.of(P.WEIGHT, P.LAMBDA, P.PRUNING, P.DENSITY.withDefault(0.1), P.N, P.M, P.ORDER, P.scope(Scope.TENSOR),
                    P.EXCLUDE),
            s -> new CabsKernel(Pruning.parse(s.choice("pruning")), (int) s.integer("n"), (int) s.integer("m"),
                    s.reals("density"), s.order()),
            s -> DeviceKernels.cabs(Pruning.parse(s.choice("pruning")), (int) s.integer("n"), (int) s.integer("m"),
                    s.reals("density"), s.order()),
            (s, i) -> Pruning.parse(s.choice("pruning")) == Pruning.NM
                    ? (double) s.integer("n") / s.integer("m") : s.reals("density").get(i),
            MergeMethod::checkCabs),
    SLERP("slerp", "SLERP", "spherical interpolation from the base (t = 0) to the one other model (t = 1) along the "
            + "arc between the two tensors; linear where they are nearly colinear (|cos| > 0.9995), as mergekit",
            Scope.TENSOR, false, false, Inputs.ONE,
            List.of(P.WEIGHT, P.T, P.EXCLUDE),
            s -> new SlerpKernel(s.real("t")), s -> DeviceKernels.slerp(s.real("t")), (s, i) -> 1.0, s -> { }),
    NUSLERP("nuslerp", "NuSLERP", "slerp of two models (or, with a base, of their task vectors) at t = w2/(w1 + w2), "
            + "over each whole tensor (`nuslerp_flatten`) or row by row (`nuslerp_row_wise`: by columns)",
            Scope.TENSOR, false, false, Inputs.TWO_BASE_OPTIONAL,
            List.of(P.PLAN_WEIGHT, P.FLATTEN, P.ROW_WISE, P.EXCLUDE),
            s -> new NuslerpKernel(s.reals("weight"), s.flag("nuslerp_flatten"), s.flag("nuslerp_row_wise")),
            s -> DeviceKernels.nuslerp(s.reals("weight"), s.flag("nuslerp_flatten"), s.flag("nuslerp_row_wise")), (s, i) -> 1.0, s -> { }),
    MODEL_STOCK("model_stock", "Model Stock", "θ0 + t·mean(τi) with t = k·cos/(1 + (k − 1)·cos), cos the mean pairwise "
            + "cosine of the k task vectors, per tensor or per row (`filter_wise`) (Jang et al. 2024)",
            Scope.TENSOR, false, false, Inputs.AT_LEAST_TWO,
            List.of(P.WEIGHT, P.FILTER_WISE, P.EXCLUDE),
            s -> new ModelStockKernel(s.flag("filter_wise")), s -> DeviceKernels.modelStock(s.flag("filter_wise")), (s, i) -> 1.0, s -> { }),
    BREADCRUMBS("breadcrumbs", "Breadcrumbs", "drop each τi's largest `gamma` fraction by |x| and its smallest, "
            + "keeping `density`, then task arithmetic (Davari & Belilovsky 2023)",
            Scope.TENSOR, false, false, Inputs.ANY,
            List.of(P.WEIGHT, P.LAMBDA, P.DENSITY.withDefault(0.9), P.GAMMA, P.normalize(false), P.INT8_MASK, P.EXCLUDE),
            s -> new BreadcrumbsKernel(s.reals("density"), s.reals("gamma")),
            s -> DeviceKernels.breadcrumbs(s.reals("density"), s.reals("gamma")), (s, i) -> s.reals("density").get(i),
            MergeMethod::checkBreadcrumbs),
    BREADCRUMBS_TIES("breadcrumbs_ties", "Breadcrumbs-TIES", "breadcrumbs' outlier and small-entry drop, then TIES's "
            + "sign election and disjoint mean", Scope.TENSOR, true, false, Inputs.ANY,
            List.of(P.WEIGHT, P.LAMBDA, P.DENSITY.withDefault(0.9), P.GAMMA, P.normalize(true), P.INT8_MASK, P.EXCLUDE),
            s -> new BreadcrumbsKernel(s.reals("density"), s.reals("gamma")),
            s -> DeviceKernels.breadcrumbs(s.reals("density"), s.reals("gamma")), (s, i) -> s.reals("density").get(i),
            MergeMethod::checkBreadcrumbs),
    DELLA("della", "DELLA", "keep each entry with a probability rising with its magnitude rank in its row, from "
            + "density − ε to density + ε, rescale survivors by 1/p (seeded), then TIES's sign election "
            + "(Deep et al. 2024)", Scope.TENSOR, true, false, Inputs.ANY,
            List.of(P.WEIGHT, P.LAMBDA, P.DENSITY.withDefault(0.5), P.EPSILON, P.SEED, P.rescale(true),
                    P.normalize(true), P.INT8_MASK, P.EXCLUDE),
            s -> new DellaKernel(s.reals("density"), s.reals("epsilon"), s.integer("seed"), s.flag("rescale")),
            s -> DeviceKernels.della(s.reals("density"), s.reals("epsilon"), s.integer("seed"), s.flag("rescale")), (s, i) -> s.reals("density").get(i), MergeMethod::checkDella),
    DELLA_LINEAR("della_linear", "DELLA-linear", "DELLA's magnitude-ranked drop and rescale, then task arithmetic",
            Scope.TENSOR, false, false, Inputs.ANY,
            List.of(P.WEIGHT, P.LAMBDA, P.DENSITY.withDefault(0.5), P.EPSILON, P.SEED, P.rescale(true),
                    P.normalize(false), P.INT8_MASK, P.EXCLUDE),
            s -> new DellaKernel(s.reals("density"), s.reals("epsilon"), s.integer("seed"), s.flag("rescale")),
            s -> DeviceKernels.della(s.reals("density"), s.reals("epsilon"), s.integer("seed"), s.flag("rescale")), (s, i) -> s.reals("density").get(i), MergeMethod::checkDella),
    ARCEE_FUSION("arcee_fusion", "Arcee Fusion", "keep the other model's change where its importance |τ|·KL(softmax "
            + "θ1 ‖ softmax θ0) (per row) reaches median + 1.5·IQR of the tensor's importances (mergekit's definition)",
            Scope.TENSOR, false, false, Inputs.ONE, List.of(P.WEIGHT, P.EXCLUDE),
            s -> new ArceeFusionKernel(), s -> DeviceKernels.arceeFusion(), (s, i) -> 1.0, s -> { }),
    PASSTHROUGH("passthrough", "Passthrough", "copies its one model's tensors; with `slices:` stacks layer ranges of "
            + "models into a new model (frankenmerges), renumbering the layers", Scope.TENSOR, false, false,
            Inputs.ONE_NO_BASE, List.of(P.EXCLUDE),
            s -> new TaskArithmeticKernel(), s -> DeviceKernels.taskArithmetic(), (s, i) -> 1.0, s -> { });

    /**
     * Which models a method takes: how many besides the base, and whether it needs a base model (without one, the
     * first model serves as θ0, which the method's result does not depend on).
     */
    public enum Inputs {
        ANY(1, Integer.MAX_VALUE, true), ANY_BASE_OPTIONAL(1, Integer.MAX_VALUE, false), ONE(1, 1, true),
        TWO_BASE_OPTIONAL(2, 2, false), AT_LEAST_TWO(2, Integer.MAX_VALUE, true), ONE_NO_BASE(1, 1, false);

        private final int min;
        private final int max;
        private final boolean needsBase;

        Inputs(int min, int max, boolean needsBase) {
            this.min = min;
            this.max = max;
            this.needsBase = needsBase;
        }

        public boolean accepts(int models) {
            return models >= min && models <= max;
        }

        /** The accepted count nearest {@code wanted}. */
        public int nearest(int wanted) {
            return Math.max(min, Math.min(max, wanted));
        }

        public boolean needsBase() {
            return needsBase;
        }

        /** The count as a sentence part: "exactly one model", "at least two models". */
        public String count() {
            String[] words = {"no", "one", "two"};
            if (min == max) return "exactly " + words[min] + " model" + (min == 1 ? "" : "s");
            return "at least " + words[min] + " model" + (min == 1 ? "" : "s");
        }
    }

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
        static final Parameter NORMALIZE = Parameter.bool("normalize", true, "divide by the sum of the weights "
                + "(TIES-style methods: by the number of agreeing entries)");
        static final Parameter RESCALE = Parameter.bool("rescale", true, "scale kept entries by 1/(their keep probability)");
        static final Parameter INT8_MASK = Parameter.bool("int8_mask", false, "accepted for mergekit configs; no effect "
                + "(evomerge never stores masks as tensors)");
        static final Parameter T = Parameter.real("t", 0.5, 0, false, 1, false,
                "interpolation position: 0 the base, 1 the other model");
        static final Parameter PLAN_WEIGHT = new Parameter("weight", Parameter.Type.REAL, 1.0, Double.NEGATIVE_INFINITY,
                true, Double.POSITIVE_INFINITY, true, List.of(), true, false, "the model's coefficient (what the ES tunes)");
        static final Parameter FLATTEN = Parameter.bool("nuslerp_flatten", true, "slerp each tensor as one vector");
        static final Parameter ROW_WISE = Parameter.bool("nuslerp_row_wise", false,
                "without flatten: slerp columns instead of rows");
        static final Parameter FILTER_WISE = Parameter.bool("filter_wise", false, "one t per row instead of per tensor");
        static final Parameter GAMMA = Parameter.real("gamma", 0.01, 0, false, 1, true,
                "fraction of each tensor's largest |τ| dropped as outliers").perModelToo();
        static final Parameter EPSILON = Parameter.real("epsilon", 0.15, 0, false, 0.5, true,
                "half-width of the keep probabilities around density").perModelToo();
        static final Parameter EXCLUDE = Parameter.patterns("exclude",
                "tensors whose name matches keep the base's values");

        static Parameter normalize(boolean fallback) {
            return NORMALIZE.withDefault(fallback);
        }

        static Parameter rescale(boolean fallback) {
            return RESCALE.withDefault(fallback);
        }

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
    private final Inputs inputs;
    private final List<Parameter> parameters;
    private final Function<MergeSettings, Kernel<?>> kernel;
    private final Function<MergeSettings, DeviceKernel<?>> deviceKernel;
    private final KeptFraction kept;
    private final Consumer<MergeSettings> check;

    MergeMethod(String configName, String label, String description, Scope fixedScope, boolean electsSigns,
                boolean averages, Inputs inputs, List<Parameter> parameters, Function<MergeSettings, Kernel<?>> kernel,
                Function<MergeSettings, DeviceKernel<?>> deviceKernel, KeptFraction kept, Consumer<MergeSettings> check) {
        this.configName = configName;
        this.label = label;
        this.description = description;
        this.fixedScope = fixedScope;
        this.electsSigns = electsSigns;
        this.averages = averages;
        this.inputs = inputs;
        this.parameters = List.copyOf(parameters);
        this.kernel = kernel;
        this.deviceKernel = java.util.Objects.requireNonNull(deviceKernel, configName + " declares no device kernel");
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

    /** How many models the method takes and whether it needs a base. */
    public Inputs inputs() {
        return inputs;
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

    /** The device kernel for {@code s}: the same maths as {@link #kernel} on DJL NDArrays ({@code backend: device}). */
    public DeviceKernel<?> deviceKernel(MergeSettings s) {
        return deviceKernel.apply(s);
    }

    Kernel<?> kernel(MergeSettings s) {
        return kernel.apply(s);
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

    private static void checkBreadcrumbs(MergeSettings s) {
        for (int i = 0; i < s.models(); i++) {
            double density = s.reals("density").get(i), gamma = s.reals("gamma").get(i);
            if (density < 1 && density + gamma > 1) {
                throw new IllegalArgumentException("gamma: density " + density + " + gamma " + gamma
                        + " exceeds 1 (model " + i + "); lower gamma or density");
            }
        }
    }

    private static void checkDella(MergeSettings s) {
        for (int i = 0; i < s.models(); i++) {
            double density = s.reals("density").get(i), eps = s.reals("epsilon").get(i);
            if (density < 1 && (density - eps <= 0 || density + eps >= 1)) {
                throw new IllegalArgumentException("epsilon: density ± epsilon must lie in (0, 1), found density "
                        + density + ", epsilon " + eps + " (model " + i + ")");
            }
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
