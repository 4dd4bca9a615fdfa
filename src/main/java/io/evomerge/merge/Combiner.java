package io.evomerge.merge;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Builds merged tensors from plans and the per-candidate weights:
 * <ul>
 *   <li>linear methods: θ = s·θ0 + Σi ci · contribution_i, where (s, ci) come from the weights and λ;</li>
 *   <li>TIES / DARE-TIES: with ei = wi·ti, elect γ = sign(Σi ei) (zeros take the row's majority sign, the sign of
 *   Σ γ), then θ = θ0 + λ · Σ{ei agreeing with γ} / max(#agreeing non-zero, 1) (ties-merging {@code resolve_sign},
 *   {@code disjoint_merge}).</li>
 * </ul>
 * Work goes block by block ({@link #BLOCK} entries): every contribution is applied to a block while it sits in the
 * cache, so a rebuild streams each input once and the output once (sparse contributions advance a cursor, their
 * positions being ascending). Stateless: the sign election's Σ ei over a row lives in a caller-given array (kept
 * with the output buffer), so that one plan may be applied by several threads at once.
 */
final class Combiner {
    static final int BLOCK = 4096;

    private Combiner() {
    }

    static void linear(float[] base, TensorPlan plan, float baseScale, float[] coefficients, float[] out) {
        Contribution[] c = plan.contributions();
        int[] cursor = new int[c.length];
        for (int b = 0; b < base.length; b += BLOCK) {
            int end = Math.min(base.length, b + BLOCK);
            if (baseScale == 1f) {
                System.arraycopy(base, b, out, b, end - b);
            } else {
                for (int k = b; k < end; k++) out[k] = baseScale * base[k];
            }
            for (int i = 0; i < c.length; i++) {
                if (c[i] != null && coefficients[i] != 0f) cursor[i] = c[i].addTo(out, coefficients[i], b, end, cursor[i]);
            }
        }
    }

    /**
     * TIES's disjoint merge of one row; {@code bases} and {@code outs} are keyed by tensor name. Tensors are
     * processed in parallel: each owns its slice of the row's Σ ei and its own block scratch. Weights and λ come per
     * tensor (a config's per-tensor values); {@code normalize}: false sums the agreeing entries
     * instead of averaging them (mergekit's {@code normalize: false}). {@code sum} holds at least the row's entry
     * count (its contents are overwritten).
     */
    static void consensus(List<TensorPlan> row, Map<String, float[]> bases, Function<String, float[]> weights,
                          ToDoubleFunction<String> lambda, boolean normalize, Map<String, float[]> outs, float[] sum) {
        int[] offsets = new int[row.size()];
        for (int t = 1; t < row.size(); t++) offsets[t] = offsets[t - 1] + bases.get(row.get(t - 1).name()).length;
        long signTotal = IntStream.range(0, row.size()).parallel()
                .mapToLong(t -> electionSums(sum, row.get(t), bases.get(row.get(t).name()).length, offsets[t],
                        weights.apply(row.get(t).name()))).sum();
        float majority = Math.signum((float) signTotal);
        IntStream.range(0, row.size()).parallel().forEach(t -> {
            TensorPlan p = row.get(t);
            disjointMean(sum, p, bases.get(p.name()), outs.get(p.name()), offsets[t], weights.apply(p.name()),
                    (float) lambda.applyAsDouble(p.name()), majority, normalize);
        });
    }

    /** Σ wi·ti of one tensor into its slice of {@code sum}; returns Σ sign of those sums. */
    private static long electionSums(float[] sum, TensorPlan p, int len, int offset, float[] weights) {
        Contribution[] c = p.contributions();
        int[] cursor = new int[c.length];
        java.util.Arrays.fill(sum, offset, offset + len, 0f);
        long signs = 0;
        for (int b = 0; b < len; b += BLOCK) {
            int end = Math.min(len, b + BLOCK);
            for (int i = 0; i < c.length; i++) {
                if (c[i] != null) cursor[i] = c[i].addTo(sum, weights[i], b, end, cursor[i], offset);
            }
            for (int k = b; k < end; k++) {
                float v = sum[offset + k];
                signs += (v > 0f ? 1 : 0) - (v < 0f ? 1 : 0);
            }
        }
        return signs;
    }

    private static void disjointMean(float[] sum, TensorPlan p, float[] base, float[] out, int offset, float[] weights,
                                     float lambda, float majority, boolean normalize) {
        Contribution[] c = p.contributions();
        int[] cursor = new int[c.length];
        float[] gamma = new float[BLOCK], count = new float[BLOCK];
        for (int b = 0; b < base.length; b += BLOCK) {
            int end = Math.min(base.length, b + BLOCK);
            for (int k = b; k < end; k++) {
                float v = sum[offset + k];
                gamma[k - b] = v > 0f ? 1f : v < 0f ? -1f : majority;
                out[k] = 0f;
                count[k - b] = 0f;
            }
            for (int i = 0; i < c.length; i++) {
                if (c[i] != null) cursor[i] = agreeing(c[i], weights[i], b, end, cursor[i], gamma, count, out);
            }
            if (normalize) {
                for (int k = b; k < end; k++) out[k] = base[k] + lambda * (out[k] / Math.max(count[k - b], 1f));
            } else {
                for (int k = b; k < end; k++) out[k] = base[k] + lambda * out[k];
            }
        }
    }

    /**
     * Adds w·t to out[k] and counts it where it has the elected sign γ (γ·e > 0; branch-free, as signs are
     * unpredictable); returns the advanced cursor.
     */
    private static int agreeing(Contribution c, float w, int from, int to, int at, float[] gamma, float[] count, float[] out) {
        int[] idx = c.index();
        float[] v = c.values();
        if (idx == null) {
            for (int k = from; k < to; k++) {
                float e = w * v[k];
                float take = gamma[k - from] * e > 0f ? 1f : 0f;
                out[k] += take * e;
                count[k - from] += take;
            }
            return at;
        }
        int j = at;
        for (; j < idx.length && idx[j] < to; j++) {
            int k = idx[j];
            float e = w * v[j];
            float take = gamma[k - from] * e > 0f ? 1f : 0f;
            out[k] += take * e;
            count[k - from] += take;
        }
        return j;
    }
}
