package io.evomerge.merge;

import java.util.SplittableRandom;

/**
 * DARE's drop masks (Yu et al. 2024): entry k of model i's tensor survives when the k-th draw of a random stream that
 * depends on (seed, model index, tensor name) alone is below the density, so the same seed gives the same masks
 * whatever order tensors are processed in, and on either backend.
 */
public final class DareMasks {
    private DareMasks() {
    }

    static SplittableRandom random(long seed, int model, String tensor) {
        long mixed = seed * 0x9E3779B97F4A7C15L + model * 0xBF58476D1CE4E5B9L + tensor.hashCode() * 0x94D049BB133111EBL;
        return new SplittableRandom(mixed);
    }

    /** keep[offset + k] for k in [0, length): whether entry k of {@code model}'s {@code tensor} survives. */
    public static void fill(long seed, int model, String tensor, double density, boolean[] keep, int offset, int length) {
        SplittableRandom r = random(seed, model, tensor);
        for (int k = 0; k < length; k++) keep[offset + k] = r.nextDouble() < density;
    }
}
