package io.evomerge.search;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The ask/tell core of CMA-ES, (μ/μ_w, λ) with rank-one and rank-μ covariance updates and
 * cumulative step-size adaptation, minimising in unbounded R^n. Equation numbers refer to
 * N. Hansen, "The CMA Evolution Strategy: A Tutorial" (arXiv:1604.00772), with the default
 * parameters of its Table 1 (positive weights only, as in purecma).
 */
final class CmaEs {

    private final int n;
    private final int lambda;
    private final double[] weights;
    private final double mueff;
    private final double cc;
    private final double cs;
    private final double c1;
    private final double cmu;
    private final double damps;
    private final double chiN;
    private final RandomGenerator random;
    private final double maxSigma;

    private final double[] mean;
    private double sigma;
    private final double[] pc;
    private final double[] ps;
    private final double[][] c;
    private double[][] b;
    private double[] d;
    private long generation;

    /** {@code maxSigma} caps the step size (pycma's maxstd); infinite for the unbounded benchmarks. */
    CmaEs(double[] mean, double sigma, int lambda, double maxSigma, RandomGenerator random) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("cmaes option 'sigma' must be a finite number > 0, got " + sigma);
        }
        if (lambda < 2) {
            throw new IllegalArgumentException("cmaes option 'lambda' must be an integer >= 2, got " + lambda);
        }
        this.n = mean.length;
        this.lambda = lambda;
        this.random = random;
        this.maxSigma = maxSigma;
        this.mean = mean.clone();
        this.sigma = sigma;

        int mu = lambda / 2;
        weights = new double[mu];
        double sum = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1); // eq. 49
            sum += weights[i];
        }
        double sumSq = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] /= sum;
            sumSq += weights[i] * weights[i];
        }
        mueff = 1 / sumSq;
        cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n);                       // eq. 56
        cs = (mueff + 2) / (n + mueff + 5);                                    // eq. 55
        c1 = 2 / ((n + 1.3) * (n + 1.3) + mueff);                              // eq. 57
        cmu = Math.min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) * (n + 2) + mueff)); // eq. 58
        damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs; // eq. 55
        chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));     // E||N(0, I)||

        pc = new double[n];
        ps = new double[n];
        c = new double[n][n];
        b = new double[n][n];
        d = new double[n];
        for (int i = 0; i < n; i++) {
            c[i][i] = 1;
            b[i][i] = 1;
            d[i] = 1;
        }
    }

    /** λ = 4 + ⌊3 ln n⌋ (Table 1). */
    static int defaultLambda(int n) {
        return 4 + (int) Math.floor(3 * Math.log(n));
    }

    int lambda() {
        return lambda;
    }

    double sigma() {
        return sigma;
    }

    double[] mean() {
        return mean.clone();
    }

    /** λ samples x_k = m + σ B D z_k, z_k ~ N(0, I) (eq. 38–40). */
    double[][] ask() {
        double[][] xs = new double[lambda][n];
        double[] dz = new double[n];
        for (double[] x : xs) {
            for (int j = 0; j < n; j++) {
                dz[j] = d[j] * random.nextGaussian();
            }
            for (int i = 0; i < n; i++) {
                double y = 0;
                for (int j = 0; j < n; j++) {
                    y += b[i][j] * dz[j];
                }
                x[i] = mean[i] + sigma * y;
            }
        }
        return xs;
    }

    /** Updates the distribution from the asked points and their fitness (lower is better). */
    void tell(double[][] xs, double[] fitness) {
        if (xs.length != lambda || fitness.length != lambda) {
            throw new IllegalArgumentException("tell needs " + lambda + " points and values");
        }
        // Stable sort: equal values (plateaus, cached duplicates) keep their sampling order.
        int[] order = IntStream.range(0, lambda).boxed()
                .sorted(Comparator.comparingDouble(k -> fitness[k]))
                .mapToInt(Integer::intValue).toArray();
        generation++;

        double[] old = mean.clone();
        double[][] y = new double[weights.length][n]; // y_i:λ = (x_i:λ − m_old) / σ
        Arrays.fill(mean, 0);
        for (int k = 0; k < weights.length; k++) {
            double[] x = xs[order[k]];
            for (int i = 0; i < n; i++) {
                mean[i] += weights[k] * x[i];                                  // eq. 42
                y[k][i] = (x[i] - old[i]) / sigma;
            }
        }
        double[] yw = new double[n];
        for (int i = 0; i < n; i++) {
            yw[i] = (mean[i] - old[i]) / sigma;
        }

        double[] cInvSqrtYw = cInvSqrt(yw);
        double csNorm = Math.sqrt(cs * (2 - cs) * mueff);
        double psNorm = 0;
        for (int i = 0; i < n; i++) {
            ps[i] = (1 - cs) * ps[i] + csNorm * cInvSqrtYw[i];                 // eq. 43
            psNorm += ps[i] * ps[i];
        }
        psNorm = Math.sqrt(psNorm);
        boolean hsig = psNorm / Math.sqrt(1 - Math.pow(1 - cs, 2.0 * generation)) / chiN
                < 1.4 + 2.0 / (n + 1);                                         // h_σ, p. 31
        double ccNorm = hsig ? Math.sqrt(cc * (2 - cc) * mueff) : 0;
        for (int i = 0; i < n; i++) {
            pc[i] = (1 - cc) * pc[i] + ccNorm * yw[i];                         // eq. 45
        }

        // eq. 47 with δ(h_σ) = (1 − h_σ) c_c (2 − c_c) compensating the stalled p_c.
        double c1a = c1 * (1 - (hsig ? 0 : cc * (2 - cc)));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double rankMu = 0;
                for (int k = 0; k < weights.length; k++) {
                    rankMu += weights[k] * y[k][i] * y[k][j];
                }
                double v = (1 - c1a - cmu) * c[i][j] + c1 * pc[i] * pc[j] + cmu * rankMu;
                c[i][j] = v;
                c[j][i] = v;
            }
        }

        sigma *= Math.exp(cs / damps * (psNorm / chiN - 1));                   // eq. 44
        // Flat fitness (Hansen's cmaes.m): a plateau over 70 % of the population gives no ranking
        // signal, so widen the step instead of letting σ shrink on ties.
        if (fitness[order[0]] == fitness[order[(int) Math.ceil(0.7 * lambda) - 1]]) {
            sigma *= Math.exp(0.2 + cs / damps);
        }
        sigma = Math.min(sigma, maxSigma);
        decompose();
    }

    /** C^{-1/2} v = B D^{-1} Bᵀ v. */
    private double[] cInvSqrt(double[] v) {
        double[] t = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += b[i][j] * v[i];
            }
            t[j] = s / d[j];
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += b[i][j] * t[j];
            }
            out[i] = s;
        }
        return out;
    }

    /** C = B D² Bᵀ; O(n³) per generation, negligible next to one model evaluation. */
    private void decompose() {
        RealMatrix matrix = new Array2DRowRealMatrix(c, false);
        EigenDecomposition eigen = new EigenDecomposition(matrix);
        double[] values = eigen.getRealEigenvalues();
        double max = Arrays.stream(values).max().orElseThrow();
        b = eigen.getV().getData();
        d = new double[n];
        for (int i = 0; i < n; i++) {
            // Round-off can push the smallest eigenvalue of a near-singular C below zero.
            d[i] = Math.sqrt(Math.max(values[i], max * 1e-20));
        }
    }
}
