package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

import java.util.List;
import java.util.Map;

/**
 * Candidate rebuilds on the device, written in place into caller-given arrays (e.g. the resident encoder's
 * parameters). Operation for operation the Java {@code Combiner}'s: each product c·x is rounded before it is added,
 * models are added in index order, so on CPU the float results are the Java backend's.
 * <ul>
 *   <li>linear: θ = s·θ0 + Σi ci·contribution_i;</li>
 *   <li>TIES / DARE-TIES: ei = wi·ti, γ = sign(Σi ei) (zeros take the row's majority sign), θ = θ0 + λ·Σ{ei agreeing
 *   with γ} / max(#agreeing, 1) ({@code normalize: false}: without the division).</li>
 * </ul>
 * Temporaries are attached to the current scope (the caller's per-candidate manager).
 */
final class DeviceCombiner {
    static final NDIndex ALL = new NDIndex("...");

    private DeviceCombiner() {
    }

    static void linear(NDArray base, NDArray contributions, float baseScale, float[] coefficients, NDArray target) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray start = baseScale == 1f ? base : base.mul(baseScale);
            target.set(ALL, start.reshape(target.getShape()));
            for (int i = 0; i < coefficients.length; i++) {
                if (coefficients[i] == 0f) continue;
                try (NDScope product = new NDScope()) {
                    product.suppressNotUsedWarning();
                    target.addi(contributions.get(i).mul(coefficients[i]).reshape(target.getShape()));
                }
            }
        }
    }

    /**
     * TIES's disjoint merge of one row: {@code targets} holds the row's tensors to write (others are only part of
     * the election's majority).
     */
    static void consensus(List<DeviceTensorPlan> row, Map<String, NDArray> bases, float[] weights, float lambda,
                          boolean normalize, Map<String, NDArray> targets) {
        NDArray[] sums = new NDArray[row.size()];
        NDArray signs = null;
        for (int t = 0; t < row.size(); t++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray sum = electionSum(row.get(t).contributions(), weights);
                NDArray s = signCount(sum);
                signs = signs == null ? s : signs.add(s);
                sums[t] = sum;
                NDScope.unregister(sum, signs);
            }
            NDScope.register(sums[t]); // kept for the second phase, freed with the caller's scope
            NDScope.register(signs);
        }
        if (signs == null) return;
        NDArray majority = signs.toType(DataType.FLOAT32, false).sign();
        for (int t = 0; t < row.size(); t++) {
            DeviceTensorPlan p = row.get(t);
            NDArray target = targets.get(p.name());
            if (target != null) {
                disjointMean(sums[t], p.contributions(), bases.get(p.name()), weights, lambda, majority, normalize, target);
            }
        }
    }

    /** Σi wi·ci of one tensor's contributions ([models, numel]), models added in index order. */
    static NDArray electionSum(NDArray contributions, float[] weights) {
        NDArray sum = contributions.getManager().zeros(contributions.get(0).getShape());
        for (int i = 0; i < weights.length; i++) sum = sum.add(contributions.get(i).mul(weights[i]));
        return sum;
    }

    /** #(sum > 0) − #(sum < 0), a scalar on the device: one tensor's share of the row's majority sign. */
    static NDArray signCount(NDArray sum) {
        return sum.gt(0f).countNonzero().sub(sum.lt(0f).countNonzero());
    }

    /**
     * θ0 + λ·Σ{ei agreeing with γ} / max(#agreeing, 1) into {@code target}, γ = sign(sum), zeros taking
     * {@code majority} (a float32 scalar: the sign of the row's sign count).
     */
    static void disjointMean(NDArray sum, NDArray contributions, NDArray base, float[] weights, float lambda,
                             NDArray majority, boolean normalize, NDArray target) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray gamma = sum.sign().add(sum.eq(0f).toType(DataType.FLOAT32, false).mul(majority));
            NDArray out = sum.zerosLike(), count = sum.zerosLike();
            for (int i = 0; i < weights.length; i++) {
                NDArray e = contributions.get(i).mul(weights[i]);
                NDArray take = gamma.mul(e).gt(0f).toType(DataType.FLOAT32, false);
                out = out.add(take.mul(e));
                count = count.add(take);
            }
            NDArray merged = base.add((normalize ? out.div(count.maximum(1f)) : out).mul(lambda));
            target.set(ALL, merged.reshape(target.getShape()));
        }
    }
}
