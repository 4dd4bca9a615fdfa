package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.merge.MergeMethod;

import java.util.List;

/**
 * PCB-Merging on the device (Java: {@code PcbKernel}, whose formulas it follows operation for operation): clip bounds
 * of |τ| and of β are exact order statistics ({@link DeviceSelection}); exp and tanh are evaluated in float64 and
 * rounded to float32, as the Java kernel does, so both backends agree to the last bit or within an ulp of β. β is
 * recomputed in each pass rather than kept (device memory holds one tensor's task vectors at a time).
 */
final class PcbDevice implements DeviceKernel<PcbDevice.Stats> {
    private final double ratio;
    private final double clip;
    private final MergeMethod.Inter inter;

    /** Per model: clip bounds of |τ| and of β. */
    record Stats(float[] lo, float[] hi, float[] betaLo, float[] betaHi) {
    }

    PcbDevice(double ratio, double clip, MergeMethod.Inter inter) {
        this.ratio = ratio;
        this.clip = clip;
        this.inter = inter;
    }

    @Override
    public Stats prepare(DeviceSource source, List<TensorInfo> row) {
        int n = source.models();
        long d = row.stream().mapToLong(TensorInfo::numel).sum();
        long loRank = (long) (d * clip), hiRank = (long) (d * (1 - clip) - 1);
        long[][] ranks = new long[n][];
        for (int i = 0; i < n; i++) ranks[i] = new long[]{loRank, hiRank};
        float[][] abs = DeviceSelection.select(ranks, d, sink -> source.forEach(row, (t, tau) -> sink.accept(tau.abs())));
        float[] lo = new float[n], hi = new float[n];
        for (int i = 0; i < n; i++) {
            lo[i] = abs[i][0];
            hi[i] = abs[i][1];
        }
        Stats partial = new Stats(lo, hi, null, null);
        long betaLoRank = Math.min((long) (d * (1 - ratio)), d - 1);
        for (int i = 0; i < n; i++) ranks[i] = new long[]{betaLoRank, d - 1};
        float[][] beta = DeviceSelection.select(ranks, d,
                sink -> source.forEach(row, (t, tau) -> sink.accept(balance(partial, tau)[0])));
        float[] betaLo = new float[n], betaHi = new float[n];
        for (int i = 0; i < n; i++) {
            betaLo[i] = beta[i][0];
            betaHi[i] = beta[i][1];
        }
        return new Stats(lo, hi, betaLo, betaHi);
    }

    /** {β = intra ⊙ inter, τ̃ = sign(τ)·clamp(|τ|)} for every model over one tensor ([models, numel] each). */
    private NDArray[] balance(Stats s, NDArray tau) {
        NDManager m = tau.getManager();
        int n = Math.toIntExact(tau.getShape().get(0));
        NDArray lo = column(m, s.lo()), hi = column(m, s.hi());
        NDArray a = tau.abs().maximum(lo).minimum(hi);
        NDArray mm = a.sub(lo).div(hi.sub(lo));
        NDArray in;
        if (inter == MergeMethod.Inter.SUM) {
            NDArray total = m.zeros(new Shape(tau.getShape().get(1)));
            for (int i = 0; i < n; i++) total = total.add(tau.get(i)); // the Java kernel's summation order
            in = tanh64(tau.mul(total));
        } else {
            NDArray normalized = tau.sign().mul(mm);
            in = m.zeros(tau.getShape());
            for (int j = 0; j < n; j++) in = in.add(tanh64(normalized.mul(normalized.get(j))));
        }
        NDArray beta = exp64(mm.mul(mm).mul(n)).mul(in);
        return new NDArray[]{beta, tau.sign().mul(a)};
    }

    @Override
    public NDArray plan(Stats s, TensorInfo t, NDArray tau) {
        NDManager m = tau.getManager();
        int n = Math.toIntExact(tau.getShape().get(0));
        NDArray[] balanced = balance(s, tau);
        NDArray beta = balanced[0], clipped = balanced[1];
        float[] range = new float[n];
        boolean[] flat = new boolean[n];
        for (int i = 0; i < n; i++) {
            range[i] = s.betaHi()[i] - s.betaLo()[i];
            flat[i] = !(range[i] > 0); // a flat β row would make the authors' code divide 0 by 0: it keeps nothing
        }
        NDArray lo = column(m, s.betaLo());
        NDArray b = beta.maximum(lo).minimum(column(m, s.betaHi())).sub(lo).div(column(m, range));
        NDArray keep = m.create(flat, new Shape(n, 1)).logicalNot().broadcast(b.getShape());
        b = NDArrays.where(keep, b, b.zerosLike());
        NDArray denom = m.zeros(new Shape(tau.getShape().get(1)));
        for (int i = 0; i < n; i++) denom = denom.add(b.get(i));
        return clipped.mul(b).div(denom.maximum(1e-12f));
    }

    private static NDArray column(NDManager m, float[] values) {
        return m.create(values, new Shape(values.length, 1));
    }

    /** tanh in float64, rounded to float32 (the Java kernel's precision). */
    private static NDArray tanh64(NDArray x) {
        return x.toType(DataType.FLOAT64, false).tanh().toType(DataType.FLOAT32, false);
    }

    private static NDArray exp64(NDArray x) {
        return x.toType(DataType.FLOAT64, false).exp().toType(DataType.FLOAT32, false);
    }
}
