package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/**
 * SLERP (Shoemake 1985, as mergekit merges two models): each tensor is one vector; with Ω the angle between the
 * unit directions of θ0 and θ1, θ(t) = sin((1 − t)Ω)/sin Ω · θ0 + sin(tΩ)/sin Ω · θ1, and the linear
 * (1 − t)·θ0 + t·θ1 where the directions are nearly colinear (|cos Ω| > 0.9995). The plan holds θ(t) − θ0, so a
 * candidate's weight w gives θ0 + w·(θ(t) − θ0).
 */
final class SlerpKernel implements Kernel<Void> {
    static final double DOT_THRESHOLD = 0.9995;
    private static final double EPS = 1e-8;
    private final double t;

    SlerpKernel(double t) {
        this.t = t;
    }

    @Override
    public Void prepare(TaskSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public TensorPlan plan(Void stats, TensorInfo tensor, float[][] tau) {
        throw new IllegalStateException("slerp needs the base tensor");
    }

    @Override
    public TensorPlan plan(Void stats, TensorInfo tensor, float[] base, float[][] tau) {
        float[] d = tau[0];
        double n0 = 0, n1 = 0, dot = 0;
        for (int k = 0; k < base.length; k++) {
            double a = base[k], b = a + d[k];
            n0 += a * a;
            n1 += b * b;
            dot += a * b;
        }
        n0 = Math.sqrt(n0);
        n1 = Math.sqrt(n1);
        // mergekit normalises a vector only when its norm exceeds eps
        double cos = dot / (n0 > EPS ? n0 : 1) / (n1 > EPS ? n1 : 1);
        if (Math.abs(cos) > DOT_THRESHOLD) {
            for (int k = 0; k < d.length; k++) d[k] = (float) (t * d[k]);
        } else {
            double omega = Math.acos(cos), sin = Math.sin(omega);
            double s0 = Math.sin(omega - omega * t) / sin, s1 = Math.sin(omega * t) / sin;
            for (int k = 0; k < d.length; k++) {
                double a = base[k];
                d[k] = (float) (s0 * a + s1 * (a + d[k]) - a);
            }
        }
        return new TensorPlan(tensor.name(), new Contribution[]{Contribution.dense(d)});
    }
}
