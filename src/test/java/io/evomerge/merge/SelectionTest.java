package io.evomerge.merge;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SelectionTest {
    @Test
    void keysOrderFloatsLikeFloatCompare() {
        float[] v = {Float.NEGATIVE_INFINITY, -3e38f, -1f, -Float.MIN_VALUE, -0f, 0f, Float.MIN_VALUE, 1f, 3e38f, Float.POSITIVE_INFINITY};
        for (int i = 1; i < v.length; i++) {
            assertEquals(-1, Integer.compareUnsigned(Selection.key(v[i - 1]), Selection.key(v[i])), v[i - 1] + " < " + v[i]);
            assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(Selection.fromKey(Selection.key(v[i]))));
        }
    }

    /** Truth: Arrays.sort. Data with negatives, duplicates and values spread over many exponents. */
    @Test
    void matchesSortingOnRandomSequences() {
        Random r = new Random(7);
        int sequences = 3, d = 50_000;
        float[][] data = new float[sequences][d];
        for (int s = 0; s < sequences; s++) {
            for (int k = 0; k < d; k++) {
                data[s][k] = k % 10 == 0 ? 0.25f : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(6) - 3));
            }
        }
        long[][] ranks = new long[sequences][];
        for (int s = 0; s < sequences; s++) ranks[s] = new long[]{0, 1, d / 10, d / 2, d - 2, d - 1, r.nextInt(d)};
        Selection sel = new Selection(ranks);
        for (int pass = 0; pass < 2; pass++) {
            for (int s = 0; s < sequences; s++) {
                for (int from = 0; from < d; from += 4096) sel.add(s, data[s], from, Math.min(d, from + 4096));
            }
            if (pass == 0) sel.nextPass();
        }
        for (int s = 0; s < sequences; s++) {
            float[] sorted = data[s].clone();
            Arrays.sort(sorted);
            for (int k = 0; k < ranks[s].length; k++) {
                assertEquals(sorted[(int) ranks[s][k]], sel.value(s, k), "sequence " + s + " rank " + ranks[s][k]);
            }
        }
    }
}
