package io.evomerge.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

class LinearProbeTest {

    /** Regression without a penalty: the fit is ordinary least squares (commons-math's). */
    @Test
    void regressionFitIsLeastSquares() {
        Random rng = new Random(7);
        int n = 200;
        int d = 4;
        float[] x = new float[n * d];
        double[][] rows = new double[n][d];
        double[] y = new double[n];
        double[] beta = {0.8, -1.5, 0.3, 2.0};
        for (int e = 0; e < n; e++) {
            y[e] = 0.5 + 0.1 * rng.nextGaussian();
            for (int j = 0; j < d; j++) {
                rows[e][j] = rng.nextGaussian();
                x[e * d + j] = (float) rows[e][j];
                y[e] += beta[j] * x[e * d + j];
            }
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, rows);
        double[] truth = ols.estimateRegressionParameters(); // intercept first
        LinearProbe.Fit fit = LinearProbe.fit(x, d, 1, y, 3000, 0);
        assertEquals(truth[0], fit.bias()[0], 2e-3);
        for (int j = 0; j < d; j++) {
            assertEquals(truth[j + 1], fit.weight()[j], 2e-3, "weight " + j);
        }
    }

    /**
     * Classification: at the fit, the gradient of the penalised cross-entropy vanishes (the optimum's condition),
     * and the classes of a separable-ish problem are recovered.
     */
    @Test
    void classificationFitIsAStationaryPointOfTheLoss() {
        Random rng = new Random(11);
        int n = 300;
        int d = 3;
        float[] x = new float[n * d];
        double[] y = new double[n];
        for (int e = 0; e < n; e++) {
            y[e] = e % 3;
            for (int j = 0; j < d; j++) {
                x[e * d + j] = (float) (rng.nextGaussian() + (j == y[e] ? 2 : 0));
            }
        }
        LinearProbe.Fit fit = LinearProbe.fit(x, d, 3, y, 4000);
        double[] theta = new double[3 * (d + 1)];
        for (int i = 0; i < fit.weight().length; i++) {
            theta[i] = fit.weight()[i];
        }
        for (int k = 0; k < 3; k++) {
            theta[fit.weight().length + k] = fit.bias()[k];
        }
        double[] g = LinearProbe.gradient(x, d, 3, y, theta, LinearProbe.L2);
        for (double gi : g) {
            assertEquals(0, gi, 1e-3);
        }
        int correct = 0;
        for (int e = 0; e < n; e++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                double s = fit.bias()[k];
                for (int j = 0; j < d; j++) {
                    s += fit.weight()[k * d + j] * x[e * d + j];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = k;
                }
            }
            correct += best == y[e] ? 1 : 0;
        }
        assertTrue(correct > 0.75 * n, correct + " of " + n);
    }
}
