package io.ostflow.planner.evaluation.calibration;

import java.util.List;
import java.util.Random;

/**
 * Calibration of alpha and beta (docs/algorithm.md, 9): from finished sequential jobs (the H and R
 * of every term of their path, and the Dice reached), choose alpha, beta in [0.001, 10] that
 * maximise the Pearson correlation between path cost and -Dice, by Bayesian optimisation over
 * log10(alpha), log10(beta).
 *
 * <p>The cost is the one the weights are applied with: each term weighs {@code alpha H + beta (1 -
 * R)}, i.e. {@code w = alpha H - beta R + c} with the constant refit to {@code c = beta} (the
 * authors' released form). That c is the least one that keeps every weight {@code >= 0} for any
 * pair (H {@code >= 0}, R {@code <= 1}); it is part of the cost, since paths with more terms pay it
 * more often. H and R must be on the scale the weights apply to (min-max scaled when the edges
 * are), which the caller ensures.
 */
public final class WeightCalibration {
    public static final double MIN = 0.001;
    public static final double MAX = 10;

    private final int evaluations;
    private final long seed;

    public WeightCalibration(int evaluations, long seed) {
        this.evaluations = evaluations;
        this.seed = seed;
    }

    /**
     * One finished job.
     *
     * @param h H of each term of its path cost (eq. 8), on the scale the weights apply to
     * @param r R of each term, likewise
     * @param dice Dice it reached
     */
    public record Observation(double[] h, double[] r, double dice) {}

    /**
     * @param alpha chosen alpha
     * @param beta chosen beta, as the spec's positive magnitude (the weight uses -beta * R)
     * @param correlation correlation between path cost and -Dice at that choice
     * @param evaluations objective evaluations spent
     */
    public record Calibrated(double alpha, double beta, double correlation, int evaluations) {
        /** The constant that goes with them: {@code c = beta}, so that {@code w >= 0}. */
        public double c() {
            return beta;
        }
    }

    public Calibrated calibrate(List<Observation> observations) {
        if (observations.size() < 3) {
            throw new IllegalArgumentException(
                    "calibration needs at least 3 finished jobs, has " + observations.size());
        }
        double lo = Math.log10(MIN);
        double hi = Math.log10(MAX);
        BayesianOptimizer optimizer =
                new BayesianOptimizer(
                        new double[] {lo, lo},
                        new double[] {hi, hi},
                        evaluations,
                        new Random(seed));
        BayesianOptimizer.Result result =
                optimizer.maximise(
                        p -> correlation(observations, Math.pow(10, p[0]), Math.pow(10, p[1])));
        double alpha = Math.pow(10, result.best()[0]);
        double beta = Math.pow(10, result.best()[1]);
        return new Calibrated(alpha, beta, result.value(), evaluations);
    }

    /**
     * Pearson correlation of path cost ({@code alpha H + beta (1 - R)} per term) with -Dice; 0 if
     * undefined.
     */
    public static double correlation(List<Observation> observations, double alpha, double beta) {
        int n = observations.size();
        double[] cost = new double[n];
        double[] negDice = new double[n];
        for (int i = 0; i < n; i++) {
            Observation o = observations.get(i);
            for (int t = 0; t < o.h().length; t++) {
                cost[i] += alpha * o.h()[t] + beta * (1 - o.r()[t]);
            }
            negDice[i] = -o.dice();
        }
        return pearson(cost, negDice);
    }

    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i] / n;
            mb += b[i] / n;
        }
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < n; i++) {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
    }
}
