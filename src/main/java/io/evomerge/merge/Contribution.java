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
        if (nonZero * 2L >= length) return dense(java.util.Arrays.copyOf(values, length));
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

    /** out += coefficient × this. */
    void addTo(float[] out, float coefficient) {
        if (coefficient == 0f) return;
        if (index == null) {
            for (int k = 0; k < values.length; k++) out[k] += coefficient * values[k];
        } else {
            for (int j = 0; j < index.length; j++) out[index[j]] += coefficient * values[j];
        }
    }

    long bytes() {
        return 4L * values.length + (index == null ? 0 : 4L * index.length);
    }
}
