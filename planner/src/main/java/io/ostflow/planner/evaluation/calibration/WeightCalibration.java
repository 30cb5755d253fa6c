package io.ostflow.planner.evaluation.calibration;

import java.util.List;
import java.util.Random;

/**
 * Calibration of alpha and beta (docs/algorithm.md, 9): from finished transfers (the H and R of
 * every term of their path cost, one term for a direct transfer, and the Dice reached), choose
 * alpha, beta in [0.001, 10] that maximise the <b>within-target</b> Pearson correlation between
 * path cost and -Dice, by Bayesian optimisation over log10(alpha), log10(beta).
 *
 * <p>Within target: cost and Dice are centred on each target's own mean before they are correlated,
 * because the planner only ever compares paths of one target; pooled over targets, the differences
 * between targets (one is easy, another hard) swamp the ranking inside each, and the fit learns to
 * predict which target is easy. With one target this is the plain Pearson correlation.
 *
 * <p>Whether H and R predict Dice at all: the cost is a positive combination of two per-path sums
 * ({@code sum H} and {@code sum (1 - R)}; correlation ignores scale), so its best correlation is at
 * most the multiple correlation of Dice on those two predictors. The fit is {@link
 * Calibrated#predictive() predictive} only when it exceeds that multiple correlation's 5% critical
 * value under no relation (the F test with 2 and {@code n - targets - 2} degrees of freedom, in
 * closed form: {@code sqrt(1 - 0.05^(2 / df))}); a fit below it must not move the weights.
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
     * @param target the target it transferred into: correlations are taken within each
     */
    public record Observation(double[] h, double[] r, double dice, String target) {
        /** An observation of the only target. */
        public Observation(double[] h, double[] r, double dice) {
            this(h, r, dice, "");
        }
    }

    /**
     * @param alpha chosen alpha
     * @param beta chosen beta, as the spec's positive magnitude (the weight uses -beta * R)
     * @param correlation within-target correlation between path cost and -Dice at that choice
     * @param evaluations objective evaluations spent
     * @param observations finished transfers fitted on
     * @param targets targets they span
     * @param needed the correlation a fit must exceed to be predictive
     * @param atEdge alpha or beta at a bound of [0.001, 10] (within 0.05 decades)
     */
    public record Calibrated(
            double alpha,
            double beta,
            double correlation,
            int evaluations,
            int observations,
            int targets,
            double needed,
            boolean atEdge) {
        /** True when H and R predict Dice within targets better than chance would. */
        public boolean predictive() {
            return correlation > needed;
        }

        /** Why this fit must not move the weights, with its numbers; null when predictive. */
        public String whyNotPredictive() {
            if (predictive()) {
                return null;
            }
            return String.format(
                    java.util.Locale.ROOT,
                    "H and R do not predict Dice within targets: the best within-target correlation"
                            + " of cost and -Dice over %d transfers of %d targets is %.3f, not above"
                            + " the %.3f that chance reaches at 5%%%s",
                    observations,
                    targets,
                    correlation,
                    needed,
                    atEdge ? ", and the fit sits at an edge of [0.001, 10]" : "");
        }

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
        int targets = (int) observations.stream().map(Observation::target).distinct().count();
        return new Calibrated(
                alpha,
                beta,
                result.value(),
                evaluations,
                observations.size(),
                targets,
                needed(observations.size() - targets - 2),
                atEdge(alpha) || atEdge(beta));
    }

    /**
     * The 5% critical value of a multiple correlation on two predictors with {@code df} residual
     * degrees of freedom: F(2, df) has the survival function {@code (1 + 2f/df)^(-df/2)}, so {@code
     * R^2 = 1 - 0.05^(2/df)}; 1 (never exceeded) without a degree of freedom. O(1).
     */
    static double needed(int df) {
        if (df < 1) {
            return 1;
        }
        return Math.sqrt(1 - Math.pow(0.05, 2.0 / df));
    }

    private static boolean atEdge(double value) {
        double decades = Math.log10(value);
        return decades - Math.log10(MIN) < 0.05 || Math.log10(MAX) - decades < 0.05;
    }

    /**
     * Within-target Pearson correlation of path cost ({@code alpha H + beta (1 - R)} per term) with
     * -Dice: both centred on their target's mean first; 0 if undefined. O(n).
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
        centreWithinTargets(observations, cost);
        centreWithinTargets(observations, negDice);
        return pearson(cost, negDice);
    }

    private static void centreWithinTargets(List<Observation> observations, double[] values) {
        java.util.Map<String, double[]> sums = new java.util.HashMap<>();
        for (int i = 0; i < values.length; i++) {
            double[] sum = sums.computeIfAbsent(observations.get(i).target(), k -> new double[2]);
            sum[0] += values[i];
            sum[1]++;
        }
        for (int i = 0; i < values.length; i++) {
            double[] sum = sums.get(observations.get(i).target());
            values[i] -= sum[0] / sum[1];
        }
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
