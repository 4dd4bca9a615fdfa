package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.merge.KernelRules;

import java.util.List;

/**
 * DELLA's MAGPRUNE on the device (Java: {@code DellaKernel}). The random draws do not depend on the data, only on
 * (seed, model, tensor) and the rank each draw decides, so they are made on the host from the Java kernel's stream
 * ({@code KernelRules.dellaKeepByRank}) and uploaded by rank; the device ranks each row's entries by |τ|
 * ({@link MagnitudeRanks}, ties by position as the Java kernel) and gathers each entry's draw and probability by its
 * rank. Survivors are divided by p in float64 and rounded, as the Java kernel does: bit for bit the same result.
 */
final class DellaDevice implements DeviceKernel<Void> {
    private final List<Double> densities;
    private final List<Double> epsilons;
    private final long seed;
    private final boolean rescale;

    DellaDevice(List<Double> densities, List<Double> epsilons, long seed, boolean rescale) {
        this.densities = densities;
        this.epsilons = epsilons;
        this.seed = seed;
        this.rescale = rescale;
    }

    @Override
    public Void prepare(DeviceSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public NDArray plan(Void stats, TensorInfo t, NDArray tau) {
        NDManager m = tau.getManager();
        long[] shape = t.shape();
        int n = Math.toIntExact(tau.getShape().get(0)), numel = Math.toIntExact(tau.getShape().get(1));
        int rows = shape.length < 2 ? 1 : (int) shape[0], length = numel / Math.max(rows, 1);
        NDList out = new NDList();
        for (int i = 0; i < n; i++) {
            NDArray v = tau.get(i);
            double density = densities.get(i), eps = epsilons.get(i);
            if (density < 1 && numel > 0) {
                boolean[] keepByRank = new boolean[rows * length];
                KernelRules.dellaKeepByRank(seed, i, t.name(), rows, length, density, eps, keepByRank);
                double[] p = new double[length];
                for (int r = 0; r < length; r++) p[r] = KernelRules.dellaProbability(r, length, density, eps);
                NDArray x = v.reshape(rows, length);
                NDArray rank = MagnitudeRanks.of(x);
                NDArray keep = m.create(keepByRank, new Shape(rows, length)).gather(rank, 1);
                NDArray kept = x;
                if (rescale) {
                    NDArray prob = m.create(p).take(rank);
                    kept = x.toType(DataType.FLOAT64, false).div(prob).toType(DataType.FLOAT32, false);
                }
                v = NDArrays.where(keep, kept, x.zerosLike()).reshape(numel);
            }
            out.add(v.expandDims(0));
        }
        return NDArrays.concat(out, 0);
    }
}
