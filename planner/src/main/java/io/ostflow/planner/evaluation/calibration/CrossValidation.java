package io.ostflow.planner.evaluation.calibration;

import io.ostflow.common.events.JobKind;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Calibration checked on targets it did not see: for every target site, alpha and beta are fitted
 * ({@link WeightCalibration}: within targets, direct transfers as one-term paths) on the trained
 * transfers of the other sites' targets only; each held-out target then picks, among its own
 * trained paths, the cheapest under those weights, or keeps the OST path when the fit is not
 * predictive (weights that H and R cannot justify are not moved). Its regret before (the OST path
 * the plan chose) and after calibration is measured against the trained path of best
 * <em>validation</em> Dice, all reported on held-out Dice: nothing here is chosen by the cases it
 * is graded on. With a single target site the folds are single targets instead (and the result says
 * so). O(folds x calibration).
 */
public final class CrossValidation {
    private final WeightCalibration calibration;

    public CrossValidation(WeightCalibration calibration) {
        this.calibration = calibration;
    }

    /**
     * A trained transfer of one target.
     *
     * @param key its audit candidate key
     * @param kind sequential (a path the plan could choose) or direct (fitted on only)
     * @param observation H and R of its terms and its mean held-out Dice over seeds
     * @param validationDice its mean validation Dice over seeds, null when not validated
     */
    public record TrainedPath(
            String key,
            JobKind kind,
            WeightCalibration.Observation observation,
            Double validationDice) {
        /** A path, validated as it is graded (tests). */
        public TrainedPath(String key, WeightCalibration.Observation observation) {
            this(key, JobKind.SEQUENTIAL, observation, observation.dice());
        }
    }

    /**
     * One audited target.
     *
     * @param site its site, the fold it belongs to
     * @param ostKey the key of the path its plan chose
     * @param paths every trained path with a result, the OST path among them
     */
    public record Target(String target, String site, String ostKey, List<TrainedPath> paths) {}

    /**
     * The weights fitted without one fold.
     *
     * @param correlation the fit's within-target correlation of cost and -Dice
     * @param needed what it must exceed to be predictive
     * @param predictive false: the held-out targets keep their OST paths
     * @param atEdge alpha or beta at a bound of [0.001, 10]: the fit leans on one signal, or would
     *     go further than the range allows
     */
    public record Fold(
            String heldOut,
            int observations,
            Double alpha,
            Double beta,
            Double correlation,
            Double needed,
            boolean predictive,
            String skipped,
            boolean atEdge) {}

    /** One held-out target: its regret before and after. */
    public record TargetResult(
            String target,
            String site,
            String ostPath,
            String calibratedChoice,
            double best,
            double regretBefore,
            Double regretAfter) {}

    /**
     * @param foldsBy {@code site}, or {@code target} when there is only one site
     * @param meanRegretBefore over the targets with an after value
     */
    public record Result(
            String foldsBy,
            List<Fold> folds,
            List<TargetResult> targets,
            Double meanRegretBefore,
            Double meanRegretAfter) {}

    public Result run(List<Target> targets) {
        TreeSet<String> sites = new TreeSet<>();
        targets.forEach(t -> sites.add(t.site()));
        boolean bySite = sites.size() > 1;
        List<String> folds = new ArrayList<>();
        if (bySite) {
            folds.addAll(sites);
        } else {
            targets.forEach(t -> folds.add(t.target()));
        }
        List<Fold> fitted = new ArrayList<>();
        List<TargetResult> results = new ArrayList<>();
        for (String fold : folds) {
            List<WeightCalibration.Observation> train = new ArrayList<>();
            List<Target> heldOut = new ArrayList<>();
            for (Target t : targets) {
                if ((bySite ? t.site() : t.target()).equals(fold)) {
                    heldOut.add(t);
                } else {
                    t.paths().forEach(p -> train.add(p.observation()));
                }
            }
            WeightCalibration.Calibrated fit = null;
            String skipped = null;
            if (train.size() < 3) {
                skipped = "fewer than 3 trained paths outside the fold";
            } else {
                fit = calibration.calibrate(train);
            }
            fitted.add(
                    new Fold(
                            fold,
                            train.size(),
                            fit == null ? null : fit.alpha(),
                            fit == null ? null : fit.beta(),
                            fit == null ? null : fit.correlation(),
                            fit == null ? null : fit.needed(),
                            fit != null && fit.predictive(),
                            skipped,
                            fit != null && fit.atEdge()));
            for (Target t : heldOut) {
                if (t.paths().stream().anyMatch(p -> p.kind() == JobKind.SEQUENTIAL)) {
                    results.add(evaluate(t, fit)); // directs only: fitted on, nothing to choose
                }
            }
        }
        return new Result(
                bySite ? "site" : "target",
                fitted,
                results,
                mean(results, true),
                mean(results, false));
    }

    private static TargetResult evaluate(Target t, WeightCalibration.Calibrated fit) {
        List<TrainedPath> paths =
                t.paths().stream().filter(p -> p.kind() == JobKind.SEQUENTIAL).toList();
        double best = Double.NaN;
        double bestValidation = Double.NEGATIVE_INFINITY;
        double ost = Double.NaN;
        TrainedPath ostPath = null;
        for (TrainedPath p : paths) {
            if (p.validationDice() != null && p.validationDice() > bestValidation) {
                bestValidation = p.validationDice();
                best = p.observation().dice();
            }
            if (p.key().equals(t.ostKey())) {
                ost = p.observation().dice();
                ostPath = p;
            }
        }
        TrainedPath chosen = null;
        if (fit != null && !fit.predictive()) {
            chosen = ostPath; // not predictive: the weights, hence the plan, stay
        } else if (fit != null) {
            double cheapest = Double.POSITIVE_INFINITY;
            for (TrainedPath p : paths) {
                double cost = cost(p.observation(), fit.alpha(), fit.beta());
                if (cost < cheapest) {
                    cheapest = cost;
                    chosen = p;
                }
            }
        }
        return new TargetResult(
                t.target(),
                t.site(),
                t.ostKey(),
                chosen == null ? null : chosen.key(),
                best,
                best - ost,
                chosen == null ? null : best - chosen.observation().dice());
    }

    /** The path cost under calibrated weights: sum of alpha H + beta (1 - R) over its terms. */
    static double cost(WeightCalibration.Observation o, double alpha, double beta) {
        double cost = 0;
        for (int i = 0; i < o.h().length; i++) {
            cost += alpha * o.h()[i] + beta * (1 - o.r()[i]);
        }
        return cost;
    }

    private static Double mean(List<TargetResult> results, boolean before) {
        double sum = 0;
        int n = 0;
        for (TargetResult r : results) {
            if (r.regretAfter() != null && !Double.isNaN(r.regretBefore())) {
                sum += before ? r.regretBefore() : r.regretAfter();
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }
}
