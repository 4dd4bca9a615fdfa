package io.evomerge.merge.device;

import io.evomerge.merge.MergeMethod;

import java.util.List;

/** The device kernels the registry ({@code MergeMethod}) declares, one factory per Java kernel. */
public final class DeviceKernels {
    private DeviceKernels() {
    }

    /** Task arithmetic and linear averaging: every model contributes its whole task vector. */
    public static DeviceKernel<?> taskArithmetic() {
        return new TaskArithmeticDevice();
    }

    /** TIES's trim: each model keeps its top {@code densities} fraction by |τ| (ties kept). */
    public static DeviceKernel<?> trim(List<Double> densities) {
        return new TrimDevice(densities);
    }

    /** DARE's seeded drop and 1/density rescale (the same masks as the Java kernel). */
    public static DeviceKernel<?> dare(List<Double> densities, long seed, boolean rescale) {
        return new DareDevice(densities, seed, rescale);
    }

    /** SLERP from the base to the one other model at {@code t}. */
    public static DeviceKernel<?> slerp(double t) {
        return new SlerpDevice(t);
    }

    /** NuSLERP of two models (or their task vectors) at t = w2/(w1 + w2). */
    public static DeviceKernel<?> nuslerp(List<Double> weights, boolean flatten, boolean rowWise) {
        return new NuslerpDevice(weights, flatten, rowWise);
    }

    /** Model Stock's (t/k)·τi, t from the task vectors' mean pairwise cosine. */
    public static DeviceKernel<?> modelStock(boolean filterWise) {
        return new ModelStockDevice(filterWise);
    }

    /** Model Breadcrumbs: each τi without its largest {@code gammas} and smallest entries. */
    public static DeviceKernel<?> breadcrumbs(List<Double> densities, List<Double> gammas) {
        return new BreadcrumbsDevice(densities, gammas);
    }

    /** DELLA's magnitude-ranked seeded drop (the same draws as the Java kernel). */
    public static DeviceKernel<?> della(List<Double> densities, List<Double> epsilons, long seed, boolean rescale) {
        return new DellaDevice(densities, epsilons, seed, rescale);
    }

    /** Arcee Fusion: the other model's change where its importance is an outlier. */
    public static DeviceKernel<?> arceeFusion() {
        return new ArceeFusionDevice();
    }

    /** PCB's intra/inter balancing and top-{@code ratio} scores. */
    public static DeviceKernel<?> pcb(double ratio, double clip, MergeMethod.Inter inter) {
        return new PcbDevice(ratio, clip, inter);
    }

    /** CABS: models pruned in {@code order}, each where no earlier model kept an entry. */
    public static DeviceKernel<?> cabs(MergeMethod.Pruning pruning, int n, int m, List<Double> densities,
                                       List<Integer> order) {
        return new CabsDevice(pruning, n, m, densities, order);
    }
}
