package io.ostflow.planner.evaluation.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Maximises a black-box function on a box by Gaussian-process Bayesian optimisation (Jones,
 * Schonlau and Welch 1998): a few seeded random points, then each next point maximises the expected
 * improvement of a GP posterior (squared-exponential kernel on inputs scaled to [0, 1], length
 * scale chosen by marginal likelihood from a small grid) over seeded random candidates. Running
 * time O(n^3) per step for n evaluations (n = 50: negligible next to the objective).
 */
public final class BayesianOptimizer {
    private static final double[] LENGTH_SCALES = {0.05, 0.1, 0.2, 0.4, 0.8};
    private static final double NOISE = 1e-6;

    private final double[] lower;
    private final double[] upper;
    private final int evaluations;
    private final int initial;
    private final int candidates;
    private final Random random;

    /**
     * @param lower lower corner of the box
     * @param upper upper corner
     * @param evaluations total evaluations of the objective (the authors use 50)
     * @param random source of the random design and candidates (seed it)
     */
    public BayesianOptimizer(double[] lower, double[] upper, int evaluations, Random random) {
        if (lower.length != upper.length || lower.length == 0) {
            throw new IllegalArgumentException(
                    "lower and upper must have the same, non-zero dimension");
        }
        for (int d = 0; d < lower.length; d++) {
            if (!(lower[d] < upper[d])) {
                throw new IllegalArgumentException("lower must be below upper in every dimension");
            }
        }
        if (evaluations < 2) {
            throw new IllegalArgumentException("at least 2 evaluations");
        }
        this.lower = lower.clone();
        this.upper = upper.clone();
        this.evaluations = evaluations;
        this.initial = Math.min(evaluations, Math.max(2, 2 * lower.length + 1));
        this.candidates = 2000;
        this.random = random;
    }

    /** Best point found and every evaluation, in order. */
    public record Result(double[] best, double value, List<double[]> points, List<Double> values) {}

    public Result maximise(ToDoubleFunction<double[]> objective) {
        List<double[]> unit = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < evaluations; i++) {
            double[] next = i < initial ? randomPoint() : nextByExpectedImprovement(unit, values);
            unit.add(next);
            double value = objective.applyAsDouble(scale(next));
            values.add(Double.isFinite(value) ? value : -1e9);
        }
        int best = 0;
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) > values.get(best)) {
                best = i;
            }
        }
        List<double[]> points = unit.stream().map(this::scale).toList();
        return new Result(points.get(best), values.get(best), points, List.copyOf(values));
    }

    private double[] nextByExpectedImprovement(List<double[]> x, List<Double> y) {
        double mean = y.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double spread =
                Math.sqrt(y.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / y.size());
        double scaleY = spread > 0 ? spread : 1;
        double[] targets = y.stream().mapToDouble(v -> (v - mean) / scaleY).toArray();
        Gp gp = bestGp(x, targets);
        double incumbent = Arrays.stream(targets).max().orElse(0);
        double[] best = null;
        double bestEi = -1;
        for (int c = 0; c < candidates; c++) {
            double[] candidate = randomPoint();
            double ei = gp.expectedImprovement(candidate, incumbent);
            if (ei > bestEi) {
                bestEi = ei;
                best = candidate;
            }
        }
        return best;
    }

    private Gp bestGp(List<double[]> x, double[] y) {
        Gp best = null;
        for (double length : LENGTH_SCALES) {
            Gp gp = new Gp(x, y, length);
            if (best == null || gp.logLikelihood > best.logLikelihood) {
                best = gp;
            }
        }
        return best;
    }

    private double[] randomPoint() {
        double[] p = new double[lower.length];
        for (int d = 0; d < p.length; d++) {
            p[d] = random.nextDouble();
        }
        return p;
    }

    private double[] scale(double[] unit) {
        double[] p = new double[unit.length];
        for (int d = 0; d < p.length; d++) {
            p[d] = lower[d] + unit[d] * (upper[d] - lower[d]);
        }
        return p;
    }

    /** A zero-mean GP with unit signal variance, conditioned on (x, y). */
    private static final class Gp {
        private final List<double[]> x;
        private final double length;
        private final double[][] cholesky;
        private final double[] alpha;
        final double logLikelihood;

        Gp(List<double[]> x, double[] y, double length) {
            this.x = x;
            this.length = length;
            int n = x.size();
            double[][] k = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    k[i][j] = kernel(x.get(i), x.get(j)) + (i == j ? NOISE : 0);
                }
            }
            cholesky = cholesky(k);
            alpha = solveUpperTransposed(cholesky, solveLower(cholesky, y));
            double fit = 0;
            double logDet = 0;
            for (int i = 0; i < n; i++) {
                fit += y[i] * alpha[i];
                logDet += Math.log(cholesky[i][i]);
            }
            logLikelihood = -0.5 * fit - logDet - 0.5 * n * Math.log(2 * Math.PI);
        }

        double expectedImprovement(double[] point, double incumbent) {
            int n = x.size();
            double[] ks = new double[n];
            for (int i = 0; i < n; i++) {
                ks[i] = kernel(point, x.get(i));
            }
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += ks[i] * alpha[i];
            }
            double[] v = solveLower(cholesky, ks);
            double variance = 1 + NOISE;
            for (double vi : v) {
                variance -= vi * vi;
            }
            double sigma = Math.sqrt(Math.max(variance, 1e-12));
            double z = (mean - incumbent) / sigma;
            return (mean - incumbent) * cdf(z) + sigma * pdf(z);
        }

        private double kernel(double[] a, double[] b) {
            double d2 = 0;
            for (int i = 0; i < a.length; i++) {
                d2 += (a[i] - b[i]) * (a[i] - b[i]);
            }
            return Math.exp(-0.5 * d2 / (length * length));
        }

        private static double[][] cholesky(double[][] a) {
            int n = a.length;
            double[][] l = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double sum = a[i][j];
                    for (int k = 0; k < j; k++) {
                        sum -= l[i][k] * l[j][k];
                    }
                    l[i][j] = i == j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j][j];
                }
            }
            return l;
        }

        private static double[] solveLower(double[][] l, double[] b) {
            double[] y = new double[b.length];
            for (int i = 0; i < b.length; i++) {
                double sum = b[i];
                for (int k = 0; k < i; k++) {
                    sum -= l[i][k] * y[k];
                }
                y[i] = sum / l[i][i];
            }
            return y;
        }

        private static double[] solveUpperTransposed(double[][] l, double[] y) {
            int n = y.length;
            double[] x = new double[n];
            for (int i = n - 1; i >= 0; i--) {
                double sum = y[i];
                for (int k = i + 1; k < n; k++) {
                    sum -= l[k][i] * x[k];
                }
                x[i] = sum / l[i][i];
            }
            return x;
        }

        private static double pdf(double z) {
            return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
        }

        /** Standard normal CDF (Abramowitz-Stegun 7.1.26 on erf, error < 1.5e-7). */
        private static double cdf(double z) {
            double t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.sqrt(2));
            double erf =
                    1
                            - t
                                    * (0.254829592
                                            + t
                                                    * (-0.284496736
                                                            + t
                                                                    * (1.421413741
                                                                            + t
                                                                                    * (-1.453152027
                                                                                            + t
                                                                                                    * 1.061405429))))
                                    * Math.exp(-z * z / 2);
            return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
        }
    }
}
