package io.evomerge.merge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * slerp, nuslerp, Model Stock, Breadcrumbs, DELLA and Arcee Fusion on tensors small enough to work by hand, and
 * against their papers' formulas: Shoemake's slerp, Model Stock's t = k·cos/(1 + (k − 1)·cos), Breadcrumbs' mask of
 * the largest and smallest magnitudes, DELLA's rank-linear keep probabilities with an unbiased 1/p rescale. The
 * hand-computed merges run on both backends (the Java kernels, and the device kernels on DJL's CPU).
 */
class NewMethodsTest {
    private static final double R = Math.sqrt(0.5);

    @TempDir
    Path dir;

    private static MergeSettings settings(MergeMethod m, int models) {
        return MergeSettings.defaults(m, models);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void slerpFollowsShoemakesFormulaAndFallsBackToTheLineWhenColinear(Backend backend) {
        // θ0 = [1, 0], θ1 = [0, 1]: Ω = π/2, θ(t) = sin((1 − t)Ω)·θ0 + sin(tΩ)·θ1
        try (TinyModels m = TinyModels.of(dir, new float[]{1, 0}, new float[]{-1, 1})) {
            MergeSettings s = settings(MergeMethod.SLERP, 1);
            assertArrayEquals(new float[]{(float) R, (float) R}, m.merge(backend, s.with("t", 0.5), MergeWeights.uniform(1, 1)), 1e-6f);
            assertArrayEquals(new float[]{(float) Math.sin(Math.PI / 3), 0.5f},
                    m.merge(backend, s.with("t", 1.0 / 3), MergeWeights.uniform(1, 1)), 1e-6f);
            // a weight w gives θ0 + w·(θ(t) − θ0)
            assertArrayEquals(new float[]{1 + 0.5f * (float) (R - 1), 0.5f * (float) R},
                    m.merge(backend, s.with("t", 0.5), new MergeWeights(new double[]{0.5}, 1)), 1e-6f);
        }
        // unequal norms: the angle comes from the directions, the interpolation uses the vectors: √½·[2, 0] + √½·[0, 3]
        try (TinyModels m = TinyModels.of(dir.resolve("b"), new float[]{2, 0}, new float[]{-2, 3})) {
            assertArrayEquals(new float[]{(float) (2 * R), (float) (3 * R)},
                    m.merge(backend, settings(MergeMethod.SLERP, 1).with("t", 0.5), MergeWeights.uniform(1, 1)), 1e-6f);
        }
        // cos([1, 2], [2, 4.001]) > 0.9995: the line (1 − t)·θ0 + t·θ1
        try (TinyModels m = TinyModels.of(dir.resolve("c"), new float[]{1, 2}, new float[]{1, 2.001f})) {
            assertArrayEquals(new float[]{1.25f, 2.50025f},
                    m.merge(backend, settings(MergeMethod.SLERP, 1).with("t", 0.25), MergeWeights.uniform(1, 1)), 1e-6f);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void nuslerpInterpolatesTheTaskVectorsAtTheWeightRatio(Backend backend) {
        // τ1 = [1, 0], τ2 = [0, 1], weights 1 and 3: t = 3/4, Ω = π/2 → [sin(π/8), sin(3π/8)]
        try (TinyModels m = TinyModels.of(dir, new float[]{5, 5}, new float[]{1, 0}, new float[]{0, 1})) {
            MergeSettings s = settings(MergeMethod.NUSLERP, 2).with("weight", List.of(1.0, 3.0));
            assertArrayEquals(new float[]{5 + (float) Math.sin(Math.PI / 8), 5 + (float) Math.sin(3 * Math.PI / 8)},
                    m.merge(backend, s, MergeWeights.uniform(2, 1)), 1e-6f);
            assertArrayEquals(new float[]{5 + (float) R, 5 + (float) R},
                    m.merge(backend, s.with("weight", List.of(2.0, 2.0)), MergeWeights.uniform(2, 1)), 1e-6f);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void modelStockUsesTheAnglesOfTheTaskVectors(Backend backend) {
        // k = 2, τ1 = [1, 1], τ2 = [1, 0]: cos = √½, t = 2cos/(1 + cos) = 0.828427, θ = θ0 + t·mean(τ) = t·[1, 0.5]
        try (TinyModels m = TinyModels.of(dir, new float[2], new float[]{1, 1}, new float[]{1, 0})) {
            double t = 2 * R / (1 + R);
            assertArrayEquals(new float[]{(float) t, (float) (t / 2)},
                    m.merge(backend, settings(MergeMethod.MODEL_STOCK, 2), MergeWeights.uniform(2, 1)), 1e-6f);
        }
        // k = 3, every pairwise cos = ½: t = 3·½/(1 + 2·½) = 0.75; mean(τ) = [⅔, ⅔, ⅔] → 0.5 each
        try (TinyModels m = TinyModels.of(dir.resolve("b"), new float[]{1, 1, 1}, new float[]{1, 1, 0},
                new float[]{1, 0, 1}, new float[]{0, 1, 1})) {
            assertArrayEquals(new float[]{1.5f, 1.5f, 1.5f},
                    m.merge(backend, settings(MergeMethod.MODEL_STOCK, 3), MergeWeights.uniform(3, 1)), 1e-6f);
        }
        // orthogonal task vectors (cos 0) keep the base
        try (TinyModels m = TinyModels.of(dir.resolve("c"), new float[]{2, 3}, new float[]{1, 0}, new float[]{0, 1})) {
            assertArrayEquals(new float[]{2, 3}, m.merge(backend, settings(MergeMethod.MODEL_STOCK, 2), MergeWeights.uniform(2, 1)), 1e-6f);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void breadcrumbsDropsTheLargestAndTheSmallestMagnitudes(Backend backend) {
        // d = 10, density 0.5, gamma 0.1: keep 5, drop the top ⌊1⌋ (2.0) and the bottom 10 − 5 − 1 = 4
        // (0.05, 0.1, 0.15, 0.2)
        float[] tau = {0.1f, -0.5f, 0.3f, 2.0f, -0.05f, 0.4f, 0.2f, -0.6f, 0.15f, 0.25f};
        try (TinyModels m = TinyModels.of(dir, new float[10], tau)) {
            MergeSettings s = settings(MergeMethod.BREADCRUMBS, 1).with("density", 0.5).with("gamma", 0.1);
            assertArrayEquals(new float[]{0, -0.5f, 0.3f, 0, 0, 0.4f, 0, -0.6f, 0, 0.25f},
                    m.merge(backend, s, new MergeWeights(new double[]{1}, 1)), 1e-7f);
            // density + gamma > 1 drops fewer outliers: density 0.95 keeps 9, so only the smallest goes
            MergeSettings most = s.with("density", 0.95).with("gamma", 0.05);
            assertArrayEquals(new float[]{0.1f, -0.5f, 0.3f, 2.0f, 0, 0.4f, 0.2f, -0.6f, 0.15f, 0.25f},
                    m.merge(backend, most, new MergeWeights(new double[]{1}, 1)), 1e-7f);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void breadcrumbsTiesMasksThenElectsSigns(Backend backend) {
        // d = 4, density 0.5, gamma 0.25: each keeps its 2nd and 3rd largest |x|
        //   τ1 = [.5, -.1, .3, 2] → [.5, 0, .3, 0];  τ2 = [-.4, .2, .3, -.6] → [-.4, 0, .3, 0]
        //   signs of the sums: +, none, +; disjoint means: [.5, 0, .3, 0]
        try (TinyModels m = TinyModels.of(dir, new float[4], new float[]{0.5f, -0.1f, 0.3f, 2},
                new float[]{-0.4f, 0.2f, 0.3f, -0.6f})) {
            MergeSettings s = settings(MergeMethod.BREADCRUMBS_TIES, 2).with("density", 0.5).with("gamma", 0.25);
            assertArrayEquals(new float[]{0.5f, 0, 0.3f, 0}, m.merge(backend, s, MergeWeights.uniform(2, 1)), 1e-7f);
            // normalize: false sums the agreeing entries: position 2 is .3 + .3
            assertArrayEquals(new float[]{0.5f, 0, 0.6f, 0}, m.merge(backend, s.with("normalize", false),
                    MergeWeights.uniform(2, 1)), 1e-7f);
        }
    }

    @Test
    void dellaKeepsByMagnitudeRankAndRescalesWithoutBias() {
        // ranks of |τ| = [.5, .1, .3, 2, .05]: 3, 1, 2, 4, 0; density 0.5, ε 0.2: p = 0.3 + 0.4·r/4
        float[] tau = {0.5f, -0.1f, 0.3f, 2.0f, 0.05f};
        double[] p = {0.6, 0.4, 0.5, 0.7, 0.3};
        int trials = 20000;
        int[] kept = new int[5];
        double[] sum = new double[5];
        SplittableRandom r = new SplittableRandom(5);
        for (int n = 0; n < trials; n++) {
            float[] v = tau.clone();
            DellaKernel.prune(v, 1, 5, 0.5, 0.2, true, r);
            for (int k = 0; k < 5; k++) {
                if (v[k] != 0) {
                    kept[k]++;
                    assertEquals(tau[k] / p[k], v[k], 1e-6, "survivors are rescaled by 1/p");
                }
                sum[k] += v[k];
            }
        }
        for (int k = 0; k < 5; k++) {
            double sd = Math.sqrt(p[k] * (1 - p[k]) / trials);
            assertEquals(p[k], (double) kept[k] / trials, 5 * sd, "keep rate of position " + k);
            // E[kept/p] = τ (the paper's reason for the rescale)
            assertEquals(tau[k], sum[k] / trials, 5 * Math.abs(tau[k]) * Math.sqrt((1 - p[k]) / p[k] / trials));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void arceeFusionKeepsTheOutlyingImportances(Backend backend) {
        // one row, θ0 = 0: the KL factor is the same for every entry, so the importance ranks as |τ|. Sorted |τ| =
        // [1..7, 100]: q1 = [⌊1.75⌋] = 2, median = [3] = 4, q3 = [⌊5.25⌋] = 6, threshold 4 + 1.5·4 = 10 → only 100 kept
        float[] tau = {1, 2, 3, 4, 5, 6, 7, 100};
        try (TinyModels m = TinyModels.of(dir, new float[8], tau)) {
            assertArrayEquals(new float[]{0, 0, 0, 0, 0, 0, 0, 100},
                    m.merge(backend, settings(MergeMethod.ARCEE_FUSION, 1), MergeWeights.uniform(1, 1)), 0f);
        }
    }
}
