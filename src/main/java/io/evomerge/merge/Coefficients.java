package io.evomerge.merge;

import io.evomerge.EvomergeException;

/**
 * How a linear method turns weights into θ = baseScale·θ0 + Σ perModel_i · contribution_i:
 * linear averaging Σ wiθi/Σwi is θ0 + Σ (wi/Σw)·τi (or Σw·θ0 + Σ wi·τi unnormalised); the others use λ·wi, divided
 * by Σw when {@code normalize} is set (mergekit's rule: not when |Σw| < 1e-8). TIES-style methods normalise in their
 * disjoint mean instead ({@link Combiner}).
 */
public record Coefficients(float baseScale, float[] perModel) {
    public static Coefficients of(MergeSettings s, MergeWeights w) {
        boolean normalize = s.normalize();
        double[] weights = w.weights();
        float[] c = new float[weights.length];
        double total = 0;
        for (double x : weights) total += x;
        if (s.method().averages()) {
            if (normalize && total == 0) {
                throw new EvomergeException("models[*].parameters.weight: the weights sum to 0, so their average is "
                        + "undefined; change a weight or set parameters.normalize: false");
            }
            for (int i = 0; i < c.length; i++) c[i] = (float) (normalize ? weights[i] / total : weights[i]);
            return new Coefficients(normalize ? 1f : (float) total, c);
        }
        double divisor = normalize && !s.method().electsSigns() && Math.abs(total) >= 1e-8 ? total : 1;
        for (int i = 0; i < c.length; i++) c[i] = (float) (w.lambda() * weights[i] / divisor);
        return new Coefficients(1f, c);
    }
}
