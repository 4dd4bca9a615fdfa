package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Exact order statistics of streamed device arrays with bounded memory: the Java backend's k-th smallest value (the
 * same value, ties included), found by counting instead of sorting. Every sequence's values are handed over in
 * parts, [sequences, columns] per call, once per pass:
 * <ol>
 *   <li>pass 1: each sequence's min, max and a strided sample (≤ 65,536 values per sequence, on the host);</li>
 *   <li>probe passes: count x ≤ t on the device for a few thresholds t, narrowing a bracket [lo, hi] of float bit
 *   patterns (keys whose unsigned order is the float order) that holds the rank. The first probes come from the
 *   sample just below and above the rank, so the bracket usually holds well under 0.1% of the values; then the
 *   bracket is cut in quarters per pass (at most 16 passes);</li>
 *   <li>a gather pass: once the bracket holds at most {@link #GATHER} values, they are copied out and sorted, and the
 *   rank is read off.</li>
 * </ol>
 * Memory beyond the inputs: the sample, one [columns ≤ 2^20, probes] comparison per part, and the gathered bracket.
 * Values are canonicalised by adding 0 (−0.0 becomes +0.0; the two are equal floats).
 */
final class DeviceSelection {
    /** The most values copied out to finish one rank. */
    static final long GATHER = 1L << 22;
    private static final int SAMPLE = 1 << 16;
    private static final long COLUMNS = 1L << 20;
    private static final long NEG_ZERO = key(-0f), POS_ZERO = key(0f);

    /** One pass over every value: calls the sink with [sequences, columns] float32 arrays. */
    interface Pass {
        void run(Consumer<NDArray> sink);
    }

    private DeviceSelection() {
    }

    /** The float's key: unsigned order of keys = float order (negatives reversed, sign bit flipped). */
    static long key(float x) {
        int bits = Float.floatToRawIntBits(x);
        return Integer.toUnsignedLong(bits ^ ((bits >> 31) | 0x80000000));
    }

    static float value(long key) {
        int k = (int) key;
        return Float.intBitsToFloat(k ^ (((~k) >> 31) | 0x80000000));
    }

    /** A wanted rank and the bracket of keys known to hold it: below = #(x < value(lo)), upto = #(x ≤ value(hi)). */
    private static final class Wanted {
        final int sequence;
        final long rank;
        long lo, hi, below, upto;
        long[] probes = new long[0];
        boolean gather;
        List<float[]> gathered;
        Float result;

        Wanted(int sequence, long rank) {
            this.sequence = sequence;
            this.rank = rank;
        }

        void settle() {
            if (lo == NEG_ZERO) lo = POS_ZERO; // no value is −0.0 after canonicalisation
            if (hi == NEG_ZERO) hi = POS_ZERO;
            if (lo > hi) throw new IllegalStateException("selection bracket emptied at rank " + rank);
            if (lo == hi) result = value(lo);
        }
    }

    /**
     * The values of 0-based {@code ranks[s]} (ascending order) of each sequence s, every sequence holding
     * {@code length} values.
     */
    static float[][] select(long[][] ranks, long length, Pass pass) {
        return select(ranks, length, pass, GATHER);
    }

    /** As {@link #select(long[][], long, Pass)}, copying out brackets of at most {@code gather} values. */
    static float[][] select(long[][] ranks, long length, Pass pass, long gather) {
        int n = ranks.length;
        List<Wanted> wanted = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            for (long r : ranks[s]) {
                if (r < 0 || r >= length) throw new IllegalArgumentException("rank " + r + " outside " + length + " values");
                wanted.add(new Wanted(s, r));
            }
        }
        float[][] out = new float[n][];
        for (int s = 0; s < n; s++) out[s] = new float[ranks[s].length];
        if (wanted.isEmpty()) return out;

        long stride = Math.max(1, length / SAMPLE);
        float[] min = new float[n], max = new float[n];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        List<List<float[]>> samples = new ArrayList<>();
        for (int s = 0; s < n; s++) samples.add(new ArrayList<>());
        pass.run(part -> {
            NDArray x = part.add(0f);
            float[] mn = x.min(new int[]{1}).toFloatArray(), mx = x.max(new int[]{1}).toFloatArray();
            NDArray sampled = x.get(new NDIndex(":, ::" + stride));
            int cols = Math.toIntExact(sampled.getShape().get(1));
            float[] all = sampled.toFloatArray();
            for (int s = 0; s < n; s++) {
                min[s] = Math.min(min[s], mn[s]);
                max[s] = Math.max(max[s], mx[s]);
                samples.get(s).add(Arrays.copyOfRange(all, s * cols, (s + 1) * cols));
            }
        });
        float[][] sample = new float[n][];
        for (int s = 0; s < n; s++) {
            sample[s] = concat(samples.get(s));
            Arrays.sort(sample[s]);
        }
        for (Wanted w : wanted) {
            w.lo = key(min[w.sequence]);
            w.hi = key(max[w.sequence]);
            w.below = 0;
            w.upto = length;
            w.settle();
            if (w.result != null) continue;
            float[] sm = sample[w.sequence];
            int pos = (int) Math.min(sm.length - 1, (long) ((double) w.rank / length * sm.length));
            int margin = 32 + (int) (3 * Math.sqrt(sm.length));
            float a = sm[Math.max(0, pos - margin)], b = sm[Math.min(sm.length - 1, pos + margin)];
            w.probes = probes(w, key(a) - 1, key(b));
        }

        while (wanted.stream().anyMatch(w -> w.result == null)) {
            for (Wanted w : wanted) {
                if (w.result != null) continue;
                w.gather = w.upto - w.below <= gather;
                if (w.gather) {
                    w.probes = new long[0];
                    w.gathered = new ArrayList<>();
                } else if (w.probes.length == 0) {
                    long span = w.hi - w.lo;
                    w.probes = probes(w, w.lo + span / 4, w.lo + span / 2, w.lo + span * 3 / 4);
                }
            }
            probePass(wanted, n, pass);
            for (Wanted w : wanted) {
                if (w.result != null) continue;
                if (w.gather) {
                    float[] values = concat(w.gathered);
                    w.gathered = null;
                    if (values.length != w.upto - w.below) {
                        throw new IllegalStateException("selection gathered " + values.length + " values, counted "
                                + (w.upto - w.below));
                    }
                    Arrays.sort(values);
                    w.result = values[(int) (w.rank - w.below)];
                }
            }
        }
        int[] next = new int[n];
        for (Wanted w : wanted) out[w.sequence][next[w.sequence]++] = w.result;
        return out;
    }

    /** The given probe keys that split [lo, hi), ascending, without −0.0's key. */
    private static long[] probes(Wanted w, long... keys) {
        return Arrays.stream(keys).map(k -> k == NEG_ZERO ? POS_ZERO : k).filter(k -> k >= w.lo && k < w.hi)
                .distinct().sorted().toArray();
    }

    /** One pass: counts x ≤ value(p) for every probe, gathers the brackets that are small enough, then narrows. */
    private static void probePass(List<Wanted> wanted, int n, Pass pass) {
        List<Wanted> open = wanted.stream().filter(w -> w.result == null).toList();
        int[] perSequence = new int[n];
        for (Wanted w : open) perSequence[w.sequence] += w.probes.length;
        int width = Math.max(1, Arrays.stream(perSequence).max().orElse(0));
        float[] thresholds = new float[n * width];
        Arrays.fill(thresholds, Float.NaN); // x ≤ NaN never holds: padding counts 0
        // each sequence's probes share one row of the threshold matrix; a wanted rank reads its own columns
        int[][] column = new int[open.size()][];
        long[][] counts = new long[open.size()][];
        int[] used = new int[n];
        for (int j = 0; j < open.size(); j++) {
            Wanted w = open.get(j);
            column[j] = new int[w.probes.length];
            counts[j] = new long[w.probes.length];
            for (int q = 0; q < w.probes.length; q++) {
                column[j][q] = used[w.sequence];
                thresholds[w.sequence * width + used[w.sequence]++] = value(w.probes[q]);
            }
        }
        int probeWidth = Arrays.stream(used).max().orElse(0);
        boolean anyGather = open.stream().anyMatch(w -> w.gather);
        long[] total = new long[n * Math.max(1, probeWidth)];
        pass.run(part -> {
            NDArray x = part.add(0f);
            long columns = x.getShape().get(1);
            if (probeWidth > 0) {
                NDArray t = x.getManager().create(thresholds, new Shape(n, width))
                        .get(new NDIndex(":, 0:" + probeWidth)).expandDims(1);
                for (long c0 = 0; c0 < columns; c0 += COLUMNS) {
                    NDArray xs = x.get(new NDIndex(":, " + c0 + ":" + Math.min(columns, c0 + COLUMNS)));
                    long[] c = xs.expandDims(2).lte(t).countNonzero(1).toLongArray();
                    for (int k = 0; k < c.length; k++) total[k] += c[k];
                }
            }
            if (anyGather) {
                for (Wanted w : open) {
                    if (!w.gather) continue;
                    NDArray row = x.get(w.sequence);
                    NDArray in = row.gte(value(w.lo)).logicalAnd(row.lte(value(w.hi)));
                    w.gathered.add(row.booleanMask(in).toFloatArray());
                }
            }
        });
        for (int j = 0; j < open.size(); j++) {
            Wanted w = open.get(j);
            for (int q = 0; q < w.probes.length; q++) {
                long c = total[w.sequence * probeWidth + column[j][q]];
                if (c <= w.rank) {
                    w.lo = w.probes[q] + 1;
                    w.below = c;
                } else {
                    w.hi = w.probes[q];
                    w.upto = c;
                    break;
                }
            }
            w.probes = new long[0];
            if (!w.gather) w.settle();
        }
    }

    private static float[] concat(List<float[]> parts) {
        int size = 0;
        for (float[] p : parts) size += p.length;
        float[] out = new float[size];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
