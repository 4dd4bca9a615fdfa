package io.evomerge.finetune;

/**
 * Linear probing, the LP of LP-FT (Kumar et al., ICLR 2022: fine-tuning with a random head distorts pre-trained
 * features; fitting the head first on the frozen encoder avoids it). Fits a linear layer alone on fixed features,
 * from zeros, by full-batch Adam (learning rate 0.01) with an L2 penalty of 0.01 on the weights (the best of 1e-4 to
 * 0.1 on RTE validation with all-MiniLM-L6-v2's bi-encoder features): softmax cross-entropy over classes, or squared
 * error for a single regression output. Deterministic: no sampling, no seed.
 */
final class LinearProbe {
    static final double LEARNING_RATE = 0.01;
    static final double L2 = 0.01;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    /** The fitted layer: {@code weight} [outputs, features] row-major, {@code bias} [outputs]. */
    record Fit(float[] weight, float[] bias) {
    }

    private LinearProbe() {
    }

    /**
     * Fits {@code outputs} scores to {@code targets} (class indices for classification, values when
     * {@code outputs} is 1) from features {@code x} [examples, features] row-major.
     */
    static Fit fit(float[] x, int features, int outputs, double[] targets, int steps) {
        return fit(x, features, outputs, targets, steps, L2);
    }

    /** {@link #fit(float[], int, int, double[], int)} with the L2 penalty {@code l2}. */
    static Fit fit(float[] x, int features, int outputs, double[] targets, int steps, double l2) {
        int n = targets.length;
        if (x.length != n * features) {
            throw new IllegalArgumentException(x.length + " feature values for " + n + " examples of " + features);
        }
        int size = outputs * (features + 1); // weights, then biases
        double[] theta = new double[size];
        double[] m = new double[size];
        double[] v = new double[size];
        for (int t = 1; t <= steps; t++) {
            double[] g = gradient(x, features, outputs, targets, theta, l2);
            double c1 = 1 - Math.pow(BETA1, t);
            double c2 = 1 - Math.pow(BETA2, t);
            for (int i = 0; i < size; i++) {
                m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
                v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
                theta[i] -= LEARNING_RATE * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON);
            }
        }
        float[] weight = new float[outputs * features];
        float[] bias = new float[outputs];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) theta[i];
        }
        for (int k = 0; k < outputs; k++) {
            bias[k] = (float) theta[weight.length + k];
        }
        return new Fit(weight, bias);
    }

    /** The gradient of the mean loss plus (l2 / 2)·|W|² at {@code theta} (weights, then biases). */
    static double[] gradient(float[] x, int features, int outputs, double[] targets, double[] theta, double l2) {
        int n = targets.length;
        int biases = outputs * features;
        double[] g = new double[theta.length];
        double[] z = new double[outputs];
        for (int e = 0; e < n; e++) {
            int row = e * features;
            for (int k = 0; k < outputs; k++) {
                double s = theta[biases + k];
                for (int j = 0; j < features; j++) {
                    s += theta[k * features + j] * x[row + j];
                }
                z[k] = s;
            }
            residuals(z, targets[e]);
            for (int k = 0; k < outputs; k++) {
                double r = z[k] / n;
                for (int j = 0; j < features; j++) {
                    g[k * features + j] += r * x[row + j];
                }
                g[biases + k] += r;
            }
        }
        for (int i = 0; i < biases; i++) {
            g[i] += l2 * theta[i];
        }
        return g;
    }

    /** Replaces scores by d(loss)/d(score): softmax minus one-hot, or 2·(prediction − target) for one output. */
    private static void residuals(double[] z, double target) {
        if (z.length == 1) {
            z[0] = 2 * (z[0] - target);
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double s : z) {
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] = z[k] / sum - (k == (int) target ? 1 : 0);
        }
    }
}
