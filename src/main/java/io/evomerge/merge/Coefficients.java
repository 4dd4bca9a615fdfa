package io.evomerge.merge;

/**
 * How a linear method turns weights into θ = baseScale·θ0 + Σ perModel_i · contribution_i:
 * linear averaging Σ wiθi/Σwi is θ0 + Σ (wi/Σw)·τi (or Σw·θ0 + Σ wi·τi unnormalised); the others use λ·wi.
 */
record Coefficients(float baseScale, float[] perModel) {
    static Coefficients of(MergeMethod method, boolean normalize, MergeWeights w) {
        double[] weights = w.weights();
        float[] c = new float[weights.length];
        if (method == MergeMethod.LINEAR) {
            double total = 0;
            for (double x : weights) total += x;
            if (normalize && total == 0) {
                throw new IllegalArgumentException("linear merge with normalize needs weights that do not sum to 0");
            }
            for (int i = 0; i < c.length; i++) c[i] = (float) (normalize ? weights[i] / total : weights[i]);
            return new Coefficients(normalize ? 1f : (float) total, c);
        }
        for (int i = 0; i < c.length; i++) c[i] = (float) (w.lambda() * weights[i]);
        return new Coefficients(1f, c);
    }
}
