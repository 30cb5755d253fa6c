package io.ostflow.planner.evaluation.calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Calibration checked on targets it did not see (issue: held-out calibration): for every target
 * site, alpha and beta are fitted ({@link WeightCalibration}) on the trained paths of the other
 * sites' targets only; each held-out target then picks, among its own trained paths, the cheapest
 * under those weights. Its regret (the best trained path's Dice minus the chosen one's) before (the
 * OST path the plan chose) and after calibration says whether calibrating helps where it was not
 * fitted. With a single target site the folds are single targets instead (and the result says so).
 * O(folds x calibration).
 */
public final class CrossValidation {
    private final WeightCalibration calibration;

    public CrossValidation(WeightCalibration calibration) {
        this.calibration = calibration;
    }

    /**
     * A trained path of one target.
     *
     * @param key its audit candidate key
     * @param observation H and R of its terms and its mean Dice over seeds
     */
    public record TrainedPath(String key, WeightCalibration.Observation observation) {}

    /**
     * One audited target.
     *
     * @param site its site, the fold it belongs to
     * @param ostKey the key of the path its plan chose
     * @param paths every trained path with a result, the OST path among them
     */
    public record Target(String target, String site, String ostKey, List<TrainedPath> paths) {}

    /** The weights fitted without one fold. */
    public record Fold(
            String heldOut,
            int observations,
            Double alpha,
            Double beta,
            Double correlation,
            String skipped) {}

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
                            skipped));
            for (Target t : heldOut) {
                results.add(evaluate(t, fit));
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
        double best = Double.NEGATIVE_INFINITY;
        double ost = Double.NaN;
        for (TrainedPath p : t.paths()) {
            best = Math.max(best, p.observation().dice());
            if (p.key().equals(t.ostKey())) {
                ost = p.observation().dice();
            }
        }
        TrainedPath chosen = null;
        if (fit != null) {
            double cheapest = Double.POSITIVE_INFINITY;
            for (TrainedPath p : t.paths()) {
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
