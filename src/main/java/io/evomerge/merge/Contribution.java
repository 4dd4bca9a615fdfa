package io.evomerge.merge;

/**
 * One model's precomputed contribution to one tensor: dense {@code values}, or sparse ({@code index} holds the
 * positions of {@code values}). Sparse when less than half the entries survive a mask, which makes a candidate
 * rebuild cost a base copy plus a scatter of the kept entries.
 */
record Contribution(int[] index, float[] values) {

    static Contribution dense(float[] values) {
        return new Contribution(null, values);
    }

    /** Keeps the non-zero entries of {@code values} (length {@code length}), sparse when that saves memory. */
    static Contribution of(float[] values, int length) {
        int nonZero = 0;
        for (int k = 0; k < length; k++) if (values[k] != 0f) nonZero++;
        if (nonZero * 2L >= length) return dense(values.length == length ? values : java.util.Arrays.copyOf(values, length));
        int[] idx = new int[nonZero];
        float[] val = new float[nonZero];
        for (int k = 0, j = 0; k < length; k++) {
            if (values[k] != 0f) {
                idx[j] = k;
                val[j++] = values[k];
            }
        }
        return new Contribution(idx, val);
    }

    boolean isDense() {
        return index == null;
    }

    /**
     * out[k] += coefficient × this[k] for positions k in [from, to); sparse entries are read from {@code cursor}
     * on (positions ascend). Returns the cursor for the next block.
     */
    int addTo(float[] out, float coefficient, int from, int to, int cursor) {
        return addTo(out, coefficient, from, to, cursor, 0);
    }

    /** As {@link #addTo(float[], float, int, int, int)}, writing out[outOffset + k]. */
    int addTo(float[] out, float coefficient, int from, int to, int cursor, int outOffset) {
        if (index == null) {
            for (int k = from; k < to; k++) out[outOffset + k] += coefficient * values[k];
            return cursor;
        }
        int j = cursor;
        for (; j < index.length && index[j] < to; j++) out[outOffset + index[j]] += coefficient * values[j];
        return j;
    }

    long bytes() {
        return 4L * values.length + (index == null ? 0 : 4L * index.length);
    }
}
