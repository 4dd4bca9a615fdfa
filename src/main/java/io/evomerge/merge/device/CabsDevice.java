package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.merge.KernelRules;
import io.evomerge.merge.MergeMethod;

import java.util.List;

/**
 * CABS on the device (Java: {@code CabsKernel}): models pruned in {@code order}, each only where no earlier model
 * kept an entry. n:m keeps, per complete block of m, the entries beaten by fewer than n others, where x beats y when
 * |x| > |y| or |x| = |y| and x comes first: exactly the Java kernel's greedy picks (lower index wins a tie).
 * Magnitude thresholds are exact order statistics of each model's row after the earlier models' masks.
 */
final class CabsDevice implements DeviceKernel<float[]> {
    /** Blocks compared at once (the comparison holds blocks × m × m booleans). */
    private static final long BLOCKS = 1L << 16;

    private final MergeMethod.Pruning pruning;
    private final int n;
    private final int m;
    private final List<Double> densities;
    private final List<Integer> order;

    CabsDevice(MergeMethod.Pruning pruning, int n, int m, List<Double> densities, List<Integer> order) {
        this.pruning = pruning;
        this.n = n;
        this.m = m;
        this.densities = densities;
        this.order = order;
    }

    @Override
    public float[] prepare(DeviceSource source, List<TensorInfo> row) {
        if (pruning == MergeMethod.Pruning.NM) return null;
        long d = row.stream().mapToLong(TensorInfo::numel).sum();
        return KernelRules.cabsThresholds(order, densities, d, source.models(), (model, upTo, rank, threshold) ->
                DeviceSelection.select(new long[][]{{rank}}, d, sink -> source.forEach(row, (t, tau) -> {
                    NDArray taken = taken(tau, upTo, threshold);
                    NDArray a = tau.get(model).abs();
                    sink.accept(NDArrays.where(taken, a.zerosLike(), a).expandDims(0));
                }))[0][0]);
    }

    /** Positions kept by the first {@code upTo} models of the order (magnitude: |τq| > threshold q). */
    private NDArray taken(NDArray tau, int upTo, float[] threshold) {
        NDArray taken = tau.getManager().zeros(new Shape(tau.getShape().get(1)), DataType.BOOLEAN);
        for (int q = 0; q < upTo; q++) taken = taken.logicalOr(tau.get(order.get(q)).abs().gt(threshold[order.get(q)]));
        return taken;
    }

    @Override
    public NDArray plan(float[] threshold, TensorInfo t, NDArray tau) {
        NDManager mgr = tau.getManager();
        long len = tau.getShape().get(1);
        NDArray taken = mgr.zeros(new Shape(len), DataType.BOOLEAN);
        NDArray[] out = new NDArray[order.size()];
        for (int model : order) {
            NDArray x = tau.get(model);
            NDArray v = NDArrays.where(taken, x.zerosLike(), x);
            NDArray keep = pruning == MergeMethod.Pruning.NM ? blockMask(v) : v.abs().gt(threshold[model]);
            taken = taken.logicalOr(keep);
            out[model] = NDArrays.where(keep, v, v.zerosLike());
        }
        return NDArrays.stack(new NDList(out));
    }

    /** n:m over [numel]: the n strongest of each complete block of m; an incomplete tail block is dropped. */
    private NDArray blockMask(NDArray v) {
        NDManager mgr = v.getManager();
        long len = v.getShape().get(0), blocks = len / m;
        NDList parts = new NDList();
        if (blocks > 0) {
            boolean[] first = new boolean[m * m]; // first[j][k]: j comes before k
            for (int j = 0; j < m; j++) for (int k = j + 1; k < m; k++) first[j * m + k] = true;
            NDArray before = mgr.create(first, new Shape(m, m));
            NDArray a = v.get(new NDIndex("0:" + blocks * m)).abs().reshape(blocks, m);
            for (long b0 = 0; b0 < blocks; b0 += BLOCKS) {
                NDArray ab = a.get(new NDIndex(b0 + ":" + Math.min(blocks, b0 + BLOCKS)));
                NDArray aj = ab.expandDims(2), ak = ab.expandDims(1);
                NDArray beats = aj.gt(ak).logicalOr(aj.eq(ak).logicalAnd(before));
                parts.add(beats.countNonzero(1).lt(n).reshape(-1));
            }
        }
        if (len > blocks * m) parts.add(mgr.zeros(new Shape(len - blocks * m), DataType.BOOLEAN));
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
    }
}
