package io.evomerge.merge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Each method on tensors small enough to merge by hand (the working is in the comments). */
class HandComputedMergesTest {
    @TempDir
    Path dir;

    private static MergeSettings settings(MergeMethod m, int models) {
        return MergeSettings.defaults(m, models);
    }

    @Test
    void taskArithmeticAndLinear() {
        try (TinyModels t = TinyModels.of(dir, new float[]{1, 2, 3}, new float[]{1, 0, 0}, new float[]{0, 2, -2})) {
            // θ0 + λ Σ wi τi = [1,2,3] + 0.5·(1·[1,0,0] + 2·[0,2,-2]) = [1.5, 4, 1]
            assertArrayEquals(new float[]{1.5f, 4f, 1f},
                    t.merge(settings(MergeMethod.TASK_ARITHMETIC, 2), new MergeWeights(new double[]{1, 2}, 0.5)), 1e-6f);
            // (1·[2,2,3] + 3·[1,4,1]) / 4 = [1.25, 3.5, 1.5]
            assertArrayEquals(new float[]{1.25f, 3.5f, 1.5f},
                    t.merge(settings(MergeMethod.LINEAR, 2), new MergeWeights(new double[]{1, 3}, 1)), 1e-6f);
        }
    }

    @Test
    void tiesTrimsElectsAndAveragesDisjointly() {
        float[] t1 = {0.5f, -0.1f, 0.3f, 0.0f}, t2 = {-0.4f, 0.2f, 0.3f, -0.6f}, t3 = {0.1f, -0.3f, -0.05f, 0.2f};
        try (TinyModels t = TinyModels.of(dir, new float[4], t1, t2, t3)) {
            // density 0.5, d = 4: keep |x| ≥ the 2nd smallest |x| of each task:
            //   τ1 ≥ 0.1 → [.5, -.1, .3, 0];  τ2 ≥ 0.3 → [-.4, 0, .3, -.6];  τ3 ≥ 0.1 → [.1, -.3, 0, .2]
            // signs of the sums: [+, −, +, −]; means of the agreeing entries: [.3, -.2, .3, -.6]
            MergeSettings s = settings(MergeMethod.TIES, 3).with("density", 0.5);
            assertArrayEquals(new float[]{0.3f, -0.2f, 0.3f, -0.6f}, t.merge(s, MergeWeights.uniform(3, 1)), 1e-6f);
            // weights scale each task's entries before the election: w = [1, 3, 1] flips position 0 to τ2's sign
            // (sum .5 − 1.2 + .1 < 0): the mean of {-1.2} is -1.2; position 1: [-.1, 0, -.3] → -.2; pos 2: [.3, .9] → .6
            assertArrayEquals(new float[]{-1.2f, -0.2f, 0.6f, -1.8f},
                    t.merge(s, new MergeWeights(new double[]{1, 3, 1}, 1)), 1e-6f);
        }
    }

    @Test
    void tiesZeroSignTakesTheMajoritySign() {
        // position 2 cancels exactly (0.3 − 0.3); the other elected signs are +, +, − → majority +, so only +0.3 counts
        float[] t1 = {0.5f, 0.4f, 0.3f, -0.2f}, t2 = {0.1f, 0.2f, -0.3f, -0.1f};
        try (TinyModels t = TinyModels.of(dir, new float[4], t1, t2)) {
            MergeSettings s = settings(MergeMethod.TIES, 2).with("density", 1.0);
            assertArrayEquals(new float[]{0.3f, 0.3f, 0.3f, -0.15f}, t.merge(s, MergeWeights.uniform(2, 1)), 1e-6f);
        }
    }

    @Test
    void cabsNmKeepsTheLargestPerBlockAndNeverReusesAPosition() {
        float[] t1 = {4, -1, 3, 2, 5, 0, 0, 1, 9}, t2 = {1, 1, 1, 1, 2, -3, 1, 0, 7};
        try (TinyModels t = TinyModels.of(dir, new float[9], t1, t2)) {
            MergeSettings s = settings(MergeMethod.CABS, 2).with("n", 2).with("m", 4);
            // τ1 keeps {4,3} and {5,1}; the tail [9] is dropped. τ2 without τ1's positions: [0,1,0,1 | 0,-3,1,0]
            // keeps {1,1} and {-3,1}. θ = 1·τ1' + 0.5·τ2'
            assertArrayEquals(new float[]{4, 0.5f, 3, 0.5f, 5, -1.5f, 0.5f, 1, 0},
                    t.merge(s, new MergeWeights(new double[]{1, 0.5}, 1)), 1e-6f);
            // order [1, 0]: τ2 first keeps positions 0,1 (tie → lower index) and 4,5; τ1 then keeps 2,3 and 7
            assertArrayEquals(new float[]{0.5f, 0.5f, 3, 2, 1, -1.5f, 0, 1, 0},
                    t.merge(s.with("order", List.of(1, 0)), new MergeWeights(new double[]{1, 0.5}, 1)), 1e-6f);
        }
    }

    @Test
    void cabsMagnitudeKeepsAboveTheSparsityQuantile() {
        float[] t1 = {0.4f, -0.1f, 0.3f, 0.2f}, t2 = {0.5f, 0.2f, -0.6f, 0.1f};
        try (TinyModels t = TinyModels.of(dir, new float[4], t1, t2)) {
            MergeSettings s = settings(MergeMethod.CABS, 2).with("pruning", "magnitude").with("density", 0.5);
            // τ1: sorted |x| = [.1,.2,.3,.4], index ⌊0.5·4⌋ = 2 → .3, keep > .3 → [.4,0,0,0]
            // τ2 without position 0: [0,.2,-.6,.1], sorted |x| = [0,.1,.2,.6] → .2, keep > .2 → [0,0,-.6,0]
            assertArrayEquals(new float[]{0.4f, 0, -0.6f, 0}, t.merge(s, MergeWeights.uniform(2, 1)), 1e-6f);
        }
    }

    @Test
    void pcbOnFourEntriesFollowsThePaperFormula() {
        // n = 2, d = 4, clip 0 (A = |τ|), ratio 0.5: s = minmax(clamp(β, sorted β[2], max β)) keeps each row's top entry.
        //   τ1 = [1, 3, 2, .5]:  mm = [.2, 1, .6, 0], intra = exp(2·mm²) = [1.083, 7.389, 2.054, 1]
        //                        inter = tanh(τ1 ⊙ (τ1+τ2)) = tanh([3, 6, 5, .75]); β1's top entry is position 1
        //   τ2 = [2, -1, .5, 1]: mm = [1, 1/3, 0, 1/3], intra = [7.389, 1.249, 1, 1.249]
        //                        inter = tanh([6, -2, 1.25, 1.5]); β2's top entry is position 0
        //   merged = Σ τ̃i·si / max(Σ si, 1e-12) = [2, 3, 0, 0]
        try (TinyModels t = TinyModels.of(dir, new float[]{10, 10, 10, 10}, new float[]{1, 3, 2, 0.5f}, new float[]{2, -1, 0.5f, 1})) {
            MergeSettings s = settings(MergeMethod.PCB, 2).with("ratio", 0.5).with("clip", 0.0);
            assertArrayEquals(new float[]{12, 13, 10, 10}, t.merge(s, MergeWeights.uniform(2, 1)), 1e-6f);
            // per-model weights (the ES coefficients) scale each model's kept entries: 10 + [1.5·2, 0.5·3, 0, 0]
            assertArrayEquals(new float[]{13, 11.5f, 10, 10}, t.merge(s, new MergeWeights(new double[]{0.5, 1.5}, 1)), 1e-6f);
        }
    }
}
