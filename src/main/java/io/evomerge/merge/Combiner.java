package io.evomerge.merge;

import java.util.List;
import java.util.Map;

/**
 * Builds merged tensors from plans and the per-candidate weights, in one pass over the plans' memory:
 * <ul>
 *   <li>linear methods: θ = s·θ0 + Σi ci · contribution_i, where (s, ci) come from the weights and λ;</li>
 *   <li>TIES / DARE-TIES: with ei = wi·ti, elect γ = sign(Σi ei) (zeros take the row's majority sign, the sign of
 *   Σ γ), then θ = θ0 + λ · Σ{ei agreeing with γ} / max(#agreeing non-zero, 1) (ties-merging {@code resolve_sign},
 *   {@code disjoint_merge}).</li>
 * </ul>
 * Not thread-safe: it owns the scratch arrays of the sign election (one instance per evaluating thread).
 */
final class Combiner {
    private final float[] sum;
    private final float[] count;

    Combiner(int largestTensor) {
        this.sum = new float[largestTensor];
        this.count = new float[largestTensor];
    }

    static void linear(float[] base, TensorPlan plan, float baseScale, float[] coefficients, float[] out) {
        if (baseScale == 1f) {
            System.arraycopy(base, 0, out, 0, base.length);
        } else {
            for (int k = 0; k < base.length; k++) out[k] = baseScale * base[k];
        }
        Contribution[] c = plan.contributions();
        for (int i = 0; i < c.length; i++) if (c[i] != null) c[i].addTo(out, coefficients[i]);
    }

    /** TIES's disjoint merge of one row; {@code bases} and {@code outs} are keyed by tensor name. */
    void consensus(List<TensorPlan> row, Map<String, float[]> bases, float[] weights, float lambda, Map<String, float[]> outs) {
        long signTotal = 0;
        for (TensorPlan p : row) {
            int len = bases.get(p.name()).length;
            electionSums(p, weights, len);
            for (int k = 0; k < len; k++) signTotal += (long) Math.signum(sum[k]);
        }
        float majority = Math.signum((float) signTotal);
        for (TensorPlan p : row) {
            float[] base = bases.get(p.name());
            float[] out = outs.get(p.name());
            int len = base.length;
            electionSums(p, weights, len);
            for (int k = 0; k < len; k++) {
                float s = Math.signum(sum[k]);
                sum[k] = s == 0f ? majority : s; // sum[] now holds the elected sign γ
                out[k] = 0f;
                count[k] = 0f;
            }
            Contribution[] c = p.contributions();
            for (int i = 0; i < c.length; i++) {
                if (c[i] == null) continue;
                float w = weights[i];
                int[] idx = c[i].index();
                float[] v = c[i].values();
                int m = idx == null ? v.length : idx.length;
                for (int j = 0; j < m; j++) {
                    int k = idx == null ? j : idx[j];
                    float e = w * v[j];
                    if (sum[k] > 0 ? e > 0 : e < 0) {
                        out[k] += e;
                        count[k]++;
                    }
                }
            }
            for (int k = 0; k < len; k++) out[k] = base[k] + lambda * (out[k] / Math.max(count[k], 1f));
        }
    }

    private void electionSums(TensorPlan p, float[] weights, int len) {
        java.util.Arrays.fill(sum, 0, len, 0f);
        Contribution[] c = p.contributions();
        for (int i = 0; i < c.length; i++) if (c[i] != null) c[i].addTo(sum, weights[i]);
    }
}
