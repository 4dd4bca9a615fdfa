package io.evomerge.merge;

/**
 * Exact order statistics of many streamed float sequences with bounded memory: a two-pass radix selection over the
 * floats' bit patterns (pass 1 counts the high 16 bits, pass 2 the low 16 bits inside the bucket that holds the
 * rank). Memory is 2 × 65,536 counters per (sequence, rank) whatever the sequence length, so a whole 7B-parameter
 * task vector can be ranked without sorting a copy of it.
 *
 * <p>Usage: call {@link #add} for every value of every sequence, {@link #nextPass()}, add them all again in any
 * order, then read {@link #value}.
 */
final class Selection {
    private static final int BUCKETS = 1 << 16;

    private final long[][] ranks;      // [sequence][k] 0-based ranks wanted
    private final long[][] high;       // [sequence][bucket] pass-1 counts
    private final int[][] bucketOf;    // [sequence][k] chosen high bucket
    private final long[][] below;      // [sequence][k] how many values fall in lower buckets
    private final long[][][] low;      // [sequence][k][bucket] pass-2 counts
    private final float[][] result;
    private int pass = 1;

    /** {@code ranks[s]} are the 0-based ranks (in ascending order of value) wanted from sequence s. */
    Selection(long[][] ranks) {
        int n = ranks.length;
        this.ranks = ranks;
        this.high = new long[n][BUCKETS];
        this.bucketOf = new int[n][];
        this.below = new long[n][];
        this.low = new long[n][][];
        this.result = new float[n][];
    }

    /** A key whose unsigned order is the float order (negative floats reversed, sign bit flipped). */
    static int key(float x) {
        int bits = Float.floatToRawIntBits(x);
        return bits ^ ((bits >> 31) | 0x80000000);
    }

    static float fromKey(int key) {
        int bits = key ^ (((~key) >> 31) | 0x80000000);
        return Float.intBitsToFloat(bits);
    }

    int pass() {
        return pass;
    }

    void add(int sequence, float[] values, int from, int to) {
        if (pass == 1) {
            long[] h = high[sequence];
            for (int i = from; i < to; i++) h[key(values[i]) >>> 16]++;
        } else {
            int[] buckets = bucketOf[sequence];
            for (int i = from; i < to; i++) {
                int k = key(values[i]);
                int hb = k >>> 16;
                for (int r = 0; r < buckets.length; r++) {
                    if (buckets[r] == hb) low[sequence][r][k & 0xFFFF]++;
                }
            }
        }
    }

    void add(int sequence, float value) {
        int k = key(value);
        if (pass == 1) {
            high[sequence][k >>> 16]++;
        } else {
            int[] buckets = bucketOf[sequence];
            for (int r = 0; r < buckets.length; r++) {
                if (buckets[r] == k >>> 16) low[sequence][r][k & 0xFFFF]++;
            }
        }
    }

    /** Ends pass 1: finds, for every rank, the high bucket holding it. */
    void nextPass() {
        if (pass != 1) throw new IllegalStateException("selection has two passes");
        for (int s = 0; s < ranks.length; s++) {
            long total = 0;
            for (long c : high[s]) total += c;
            int m = ranks[s].length;
            bucketOf[s] = new int[m];
            below[s] = new long[m];
            low[s] = new long[m][BUCKETS];
            for (int r = 0; r < m; r++) {
                long rank = ranks[s][r];
                if (rank < 0 || rank >= total) {
                    throw new IllegalArgumentException("rank " + rank + " outside a sequence of " + total + " values");
                }
                long seen = 0;
                int b = 0;
                while (seen + high[s][b] <= rank) seen += high[s][b++];
                bucketOf[s][r] = b;
                below[s][r] = seen;
            }
            high[s] = null;
        }
        pass = 2;
    }

    /** The value of rank {@code k}-th requested of sequence {@code s}, after both passes. */
    float value(int s, int k) {
        if (result[s] == null) {
            result[s] = new float[ranks[s].length];
            for (int r = 0; r < ranks[s].length; r++) {
                long want = ranks[s][r] - below[s][r];
                long seen = 0;
                int b = 0;
                while (seen + low[s][r][b] <= want) seen += low[s][r][b++];
                result[s][r] = fromKey((bucketOf[s][r] << 16) | b);
            }
        }
        return result[s][k];
    }
}
