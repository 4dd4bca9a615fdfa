package io.evomerge.merge;

import java.util.Arrays;

/** Positions sorted by ascending |x|, ties by position (the sort key packs |x|'s bits above the index). */
final class MagnitudeOrder {
    private MagnitudeOrder() {
    }

    /** The positions {@code from, from + stride, ...} ({@code length} of them) of {@code x}, by ascending |x|. */
    static int[] ascending(float[] x, int from, int stride, int length) {
        long[] keys = new long[length];
        for (int j = 0; j < length; j++) {
            // |x| is non-negative, so its IEEE bits order as ints do
            keys[j] = (long) Float.floatToIntBits(Math.abs(x[from + j * stride])) << 32 | j;
        }
        Arrays.sort(keys);
        int[] order = new int[length];
        for (int j = 0; j < length; j++) order[j] = from + (int) keys[j] * stride;
        return order;
    }
}
