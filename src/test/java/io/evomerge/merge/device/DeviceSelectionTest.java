package io.evomerge.merge.device;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Device selection against {@code Arrays.sort}: every probed rank of several sequences streamed in uneven parts,
 * with negatives, ±0, heavy ties and a spread of magnitudes; with the gather limit at 16 values the sample bracket,
 * the quarter-cutting passes and the gather all run.
 */
class DeviceSelectionTest {
    @Test
    void equalsTheSortedValueAtEveryRank() {
        Random r = new Random(3);
        int n = 3, length = 5000;
        float[][] v = new float[n][length];
        for (int k = 0; k < length; k++) {
            v[0][k] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(8) - 6));
            v[1][k] = r.nextInt(7) == 0 ? (r.nextBoolean() ? -0f : 0f) : r.nextInt(5) * 0.25f; // ties and zeros
            v[2][k] = Math.abs((float) r.nextGaussian()) * 1e-3f;
        }
        long[] wanted = {0, 1, 17, 2499, 2500, 4000, 4998, 4999};
        long[][] ranks = new long[n][];
        Arrays.fill(ranks, wanted);
        int[] cuts = {0, 1, 700, 3001, length};
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            for (long gather : new long[]{16, DeviceSelection.GATHER}) {
                float[][] got = DeviceSelection.select(ranks, length, sink -> {
                    for (int c = 0; c + 1 < cuts.length; c++) {
                        int from = cuts[c], to = cuts[c + 1];
                        float[] part = new float[n * (to - from)];
                        for (int s = 0; s < n; s++) System.arraycopy(v[s], from, part, s * (to - from), to - from);
                        try (NDManager scope = m.newSubManager()) {
                            sink.accept(scope.create(part, new Shape(n, to - from)));
                        }
                    }
                }, gather);
                for (int s = 0; s < n; s++) {
                    float[] sorted = v[s].clone();
                    Arrays.sort(sorted);
                    for (int j = 0; j < wanted.length; j++) {
                        // ±0 are equal floats: compare as values
                        assertEquals(sorted[(int) wanted[j]], got[s][j], 0f, "sequence " + s + " rank " + wanted[j]);
                    }
                }
            }
        }
    }
}
