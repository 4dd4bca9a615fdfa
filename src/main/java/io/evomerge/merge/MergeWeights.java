package io.evomerge.merge;

import java.io.Serializable;
import java.util.Arrays;

/** The per-candidate values a plan takes: one weight per model (the ES coefficients) and the global scale λ. */
public record MergeWeights(double[] weights, double lambda) implements Serializable {
    public MergeWeights {
        weights = weights.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    public static MergeWeights uniform(int models, double lambda) {
        double[] w = new double[models];
        Arrays.fill(w, 1.0);
        return new MergeWeights(w, lambda);
    }

    float[] asFloats() {
        float[] f = new float[weights.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) weights[i];
        return f;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MergeWeights w && Arrays.equals(weights, w.weights) && lambda == w.lambda;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights) * 31 + Double.hashCode(lambda);
    }

    @Override
    public String toString() {
        return "weights " + Arrays.toString(weights) + ", lambda " + lambda;
    }
}
