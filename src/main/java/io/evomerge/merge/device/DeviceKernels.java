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
    public static DeviceKernel<?> dare(List<Double> densities, long seed) {
        return new DareDevice(densities, seed);
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
