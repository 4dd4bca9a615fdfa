package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/**
 * SLERP on the device (Java: {@code SlerpKernel}, same formulas in float64, rounded to float32 at the end): the
 * contribution is θ(t) − θ0. The norms and the dot product are float64 reductions in PyTorch's order rather than
 * Java's sequential sums, so the coefficients may differ in their last bits.
 */
final class SlerpDevice implements DeviceKernel<Void> {
    private static final double DOT_THRESHOLD = 0.9995;
    private static final double EPS = 1e-8;
    private final double t;

    SlerpDevice(double t) {
        this.t = t;
    }

    @Override
    public Void prepare(DeviceSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public NDArray plan(Void stats, TensorInfo tensor, NDArray tau) {
        throw new IllegalStateException("slerp needs the base tensor");
    }

    @Override
    public NDArray plan(Void stats, TensorInfo tensor, NDArray base, NDArray tau) {
        NDArray a = base.toType(DataType.FLOAT64, false), d = tau.get(0).toType(DataType.FLOAT64, false);
        NDArray b = a.add(d);
        double n0 = Math.sqrt(a.mul(a).sum().getDouble()), n1 = Math.sqrt(b.mul(b).sum().getDouble());
        double dot = a.mul(b).sum().getDouble();
        double cos = dot / (n0 > EPS ? n0 : 1) / (n1 > EPS ? n1 : 1);
        NDArray out;
        if (Math.abs(cos) > DOT_THRESHOLD) {
            out = d.mul(t);
        } else {
            double omega = Math.acos(cos), sin = Math.sin(omega);
            double s0 = Math.sin(omega - omega * t) / sin, s1 = Math.sin(omega * t) / sin;
            out = a.mul(s0).add(b.mul(s1)).sub(a);
        }
        return out.toType(DataType.FLOAT32, false).expandDims(0);
    }
}
