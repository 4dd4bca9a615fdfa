package io.evomerge.merge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DARE's drop-and-rescale checked by its statistics: kept fraction ~ Binomial(d, p), kept entries scaled by 1/p. */
class DareTest {
    @TempDir
    Path dir;

    @Test
    void keepsAboutDensityRescalesExactlyAndIsSeeded() {
        int d = 200_000;
        double p = 0.3;
        float[] tau = new float[d];
        Random r = new Random(1);
        for (int k = 0; k < d; k++) tau[k] = 0.5f + r.nextFloat(); // never zero, so a zero means dropped
        try (TinyModels t = TinyModels.of(dir, new float[d], tau)) {
            MergeSettings s = MergeSettings.defaults(MergeMethod.DARE_LINEAR, 1).with("density", List.of(p));
            float[] merged = t.merge(s, MergeWeights.uniform(1, 1));
            int kept = 0;
            double sumMerged = 0, sumTau = 0;
            for (int k = 0; k < d; k++) {
                if (merged[k] != 0f) {
                    kept++;
                    assertEquals(tau[k] * (float) (1 / p), merged[k], 1e-6f, "kept entries are rescaled by 1/density");
                }
                sumMerged += merged[k];
                sumTau += tau[k];
            }
            double sigma = Math.sqrt(d * p * (1 - p));
            assertTrue(Math.abs(kept - d * p) < 5 * sigma, "kept " + kept + " of " + d + ", expected " + d * p + " ± " + 5 * sigma);
            double relSigma = Math.sqrt((1 - p) / (p * d)) * 1.1; // entries vary by < 10% of their mean squared
            assertEquals(1.0, sumMerged / sumTau, 5 * relSigma, "the rescale keeps the task vector's expected value");

            assertArrayEquals(merged, t.merge(s, MergeWeights.uniform(1, 1)), "same seed, same masks");
            MergeSettings other = s.with("seed", 99);
            assertFalse(java.util.Arrays.equals(merged, t.merge(other, MergeWeights.uniform(1, 1))), "another seed, other masks");
        }
    }
}
