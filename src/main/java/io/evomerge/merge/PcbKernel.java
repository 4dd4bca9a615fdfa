package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PCB-Merging (Du et al., NeurIPS 2024), as the authors' code computes it ({@code pcb-merging.py PCB_merge}; the
 * pairwise inter-balancing of {@code vision_source_code/pcb_ES.py}). Per task row i over d entries:
 * <pre>
 *   A  = clamp(|τi|, c, c)            clip to [sorted[⌊d·c⌋], sorted[⌊d(1−c)−1⌋]]; τ̃i = sign(τi)·A
 *   intra = exp(n · minmax(A)²)
 *   inter = tanh(τi ⊙ Σj τj)  |  Σj tanh(ŝi ⊙ ŝj), ŝ = sign(τ)·minmax(A)
 *   β  = intra ⊙ inter;  si = minmax(clamp(β, 1 − ratio, 0))
 *   contribution_i = τ̃i ⊙ si / max(Σj sj, 1e-12)
 * </pre>
 * The clip bounds are order statistics of the row, so minmax(A) = (A − lo)/(hi − lo) and likewise for β: two
 * selections (two streaming passes each) give every statistic the formulas need.
 */
final class PcbKernel implements Kernel<PcbKernel.Stats> {
    private final double ratio;
    private final double clip;
    private final MergeMethod.Inter inter;

    /**
     * Per model: clip bounds of |τ| and of β; and, when it fitted in memory, β itself per tensor (computed once in
     * {@link #prepare}; {@link #plan} takes each tensor's out, so the cache empties as planning goes).
     */
    record Stats(float[] lo, float[] hi, float[] betaLo, float[] betaHi, Map<String, float[][]> beta) {
    }

    PcbKernel(double ratio, double clip, MergeMethod.Inter inter) {
        this.ratio = ratio;
        this.clip = clip;
        this.inter = inter;
    }

    @Override
    public Stats prepare(TaskSource source, List<TensorInfo> row) {
        int n = source.modelCount();
        long d = row.stream().mapToLong(TensorInfo::numel).sum();
        // Same float arithmetic as Python's int(d * r) on doubles.
        long loRank = (long) (d * clip), hiRank = (long) (d * (1 - clip) - 1);
        long[][] ranks = new long[n][];
        for (int i = 0; i < n; i++) ranks[i] = new long[]{loRank, hiRank};
        Selection abs = new Selection(ranks);
        for (int pass = 0; pass < 2; pass++) {
            float[][] a = new float[n][Chunks.SIZE];
            Chunks.forEach(source, row, (t, start, tau, len) -> Parallel.forEachModel(n, i -> {
                for (int k = 0; k < len; k++) a[i][k] = Math.abs(tau[i][k]);
                abs.add(i, a[i], 0, len);
            }));
            if (pass == 0) abs.nextPass();
        }
        float[] lo = new float[n], hi = new float[n];
        for (int i = 0; i < n; i++) {
            lo[i] = abs.value(i, 0);
            hi[i] = abs.value(i, 1);
        }

        long betaLoRank = (long) (d * (1 - ratio)), betaHiRank = d - 1;
        for (int i = 0; i < n; i++) ranks[i] = new long[]{Math.min(betaLoRank, d - 1), betaHiRank};
        Selection beta = new Selection(ranks);
        Stats partial = new Stats(lo, hi, null, null, null);
        // β costs an exp and a tanh per model and entry: keep it for the second pass and for plan() when it fits
        Map<String, float[][]> cache = (double) n * d * 4 <= Runtime.getRuntime().maxMemory() / 4.0 ? new HashMap<>() : null;
        float[][] b = new float[n][Chunks.SIZE];
        Chunks.forEach(source, row, (t, start, tau, len) -> {
            balance(partial, tau, len, b, null);
            Parallel.forEachModel(n, i -> beta.add(i, b[i], 0, len));
            if (cache != null) {
                float[][] whole = cache.computeIfAbsent(t.name(), name -> new float[n][Math.toIntExact(t.numel())]);
                for (int i = 0; i < n; i++) System.arraycopy(b[i], 0, whole[i], (int) start, len);
            }
        });
        beta.nextPass();
        if (cache != null) {
            for (TensorInfo t : row) {
                float[][] whole = cache.get(t.name());
                Parallel.forEachModel(n, i -> beta.add(i, whole[i], 0, whole[i].length));
            }
        } else {
            Chunks.forEach(source, row, (t, start, tau, len) -> {
                balance(partial, tau, len, b, null);
                Parallel.forEachModel(n, i -> beta.add(i, b[i], 0, len));
            });
        }
        float[] betaLo = new float[n], betaHi = new float[n];
        for (int i = 0; i < n; i++) {
            betaLo[i] = beta.value(i, 0);
            betaHi[i] = beta.value(i, 1);
        }
        return new Stats(lo, hi, betaLo, betaHi, cache);
    }

    /**
     * β = intra ⊙ inter for every model over one chunk, into {@code beta}; also the clipped task vectors τ̃ into
     * {@code clipped} when it is not null. Models are processed in parallel (each writes only its own rows).
     */
    private void balance(Stats s, float[][] tau, int len, float[][] beta, float[][] clipped) {
        int n = tau.length;
        float[] total = null;
        float[][] norm = null;
        if (inter == MergeMethod.Inter.SUM) {
            total = new float[len];
            for (float[] x : tau) for (int k = 0; k < len; k++) total[k] += x[k];
        } else {
            norm = new float[n][len];
            float[][] nm = norm;
            Parallel.forEachModel(n, i -> {
                float lo = s.lo()[i], hi = s.hi()[i], range = hi - lo;
                for (int k = 0; k < len; k++) {
                    float x = tau[i][k];
                    nm[i][k] = Math.signum(x) * ((Math.min(Math.max(Math.abs(x), lo), hi) - lo) / range);
                }
            });
        }
        float[] sum = total;
        float[][] normalized = norm;
        Parallel.forEachModel(n, i -> {
            float lo = s.lo()[i], hi = s.hi()[i], range = hi - lo;
            float[] x = tau[i], b = beta[i];
            for (int k = 0; k < len; k++) {
                float a = Math.min(Math.max(Math.abs(x[k]), lo), hi);
                float mm = (a - lo) / range;
                float in;
                if (sum != null) {
                    in = (float) tanh(x[k] * sum[k]);
                } else {
                    in = 0;
                    for (int j = 0; j < n; j++) in += (float) tanh(normalized[i][k] * normalized[j][k]);
                }
                b[k] = (float) Math.exp(n * (mm * mm)) * in;
                if (clipped != null) clipped[i][k] = Math.signum(x[k]) * a;
            }
        });
    }

    /** tanh through one exp (Math.tanh is not an intrinsic): exact to double rounding for the float inputs used here. */
    static double tanh(float x) {
        if (Math.abs(x) > 20) return Math.signum(x);
        if (Math.abs(x) < 1e-4) return x - (double) x * x * x / 3; // avoids cancellation in 1 − 2/(e^2x + 1)
        double e = Math.exp(2.0 * x);
        return (e - 1) / (e + 1);
    }

    @Override
    public TensorPlan plan(Stats s, TensorInfo t, float[][] tau) {
        int n = tau.length, len = tau[0].length;
        float[][] clipped = new float[n][len];
        float[][] beta = s.beta() == null ? null : s.beta().remove(t.name());
        if (beta == null) {
            beta = new float[n][len];
            balance(s, tau, len, beta, clipped);
        } else {
            Parallel.forEachModel(n, i -> {
                float lo = s.lo()[i], hi = s.hi()[i];
                for (int k = 0; k < len; k++) clipped[i][k] = Math.signum(tau[i][k]) * Math.min(Math.max(Math.abs(tau[i][k]), lo), hi);
            });
        }
        float[] denom = new float[len];
        for (int i = 0; i < n; i++) {
            float lo = s.betaLo()[i], range = s.betaHi()[i] - lo;
            float[] b = beta[i];
            for (int k = 0; k < len; k++) {
                // a flat β row (range 0) would make the authors' code divide 0 by 0; it keeps nothing here
                b[k] = range > 0 ? (Math.min(Math.max(b[k], lo), s.betaHi()[i]) - lo) / range : 0f;
                denom[k] += b[k];
            }
        }
        Contribution[] out = new Contribution[n];
        for (int i = 0; i < n; i++) {
            float[] v = clipped[i];
            for (int k = 0; k < len; k++) v[k] = v[k] * beta[i][k] / Math.max(denom[k], 1e-12f);
            out[i] = Contribution.of(v, len);
        }
        return new TensorPlan(t.name(), out);
    }
}
