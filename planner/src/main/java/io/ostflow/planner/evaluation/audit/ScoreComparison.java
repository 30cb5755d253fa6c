package io.ostflow.planner.evaluation.audit;

import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.TransferabilityScore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every transferability score side by side on an audit's trained grids (docs/planner.md, Audits):
 * per target and kind, Spearman's rho and Kendall's tau-b of the score's mean over seeds against
 * mean validation Dice and against mean held-out Dice, and the regret of the score's choice (the
 * candidate of highest score, where the score saw every candidate with a result) against the
 * candidate of best validation Dice, graded on held-out Dice; then the mean over the targets that
 * have each. A score to rank by is chosen on the validation columns; the held-out ones report it.
 * O(scores x candidates x seeds).
 */
final class ScoreComparison {
    private ScoreComparison() {}

    static List<AuditReport.ScoreResult> of(
            AuditScheduled audit, Function<String, Optional<JobOutcome>> outcomes) {
        List<AuditReport.ScoreResult> results = new ArrayList<>();
        for (JobKind kind : List.of(JobKind.DIRECT, JobKind.SEQUENTIAL)) {
            for (TransferabilityScore score : TransferabilityScore.values()) {
                List<double[]> perTarget = new ArrayList<>();
                for (AuditScheduled.Target t : audit.targets()) {
                    perTarget.add(target(t, kind, score, outcomes));
                }
                results.add(summary(score, kind, perTarget));
            }
        }
        return results;
    }

    /** rho and tau against validation, rho and tau against held-out, regret (NaN: none). */
    private static double[] target(
            AuditScheduled.Target t,
            JobKind kind,
            TransferabilityScore score,
            Function<String, Optional<JobOutcome>> outcomes) {
        List<String> grid = TrainedGrid.keys(t, kind);
        Map<String, double[]> scores = new HashMap<>();
        Map<String, double[]> heldOut = new HashMap<>();
        Map<String, double[]> validation = new HashMap<>();
        for (AuditScheduled.Candidate c : t.candidates()) {
            int seeds = c.jobIds().size();
            double[][] values = {SeedStats.nan(seeds), SeedStats.nan(seeds), SeedStats.nan(seeds)};
            for (int k = 0; k < seeds; k++) {
                int seed = k;
                Optional.ofNullable(c.jobIds().get(k))
                        .flatMap(outcomes)
                        .ifPresent(
                                o -> {
                                    values[0][seed] = orNaN(o.scores().get(score));
                                    values[1][seed] = orNaN(o.dice());
                                    values[2][seed] = orNaN(o.validationDice());
                                });
            }
            scores.put(c.key(), values[0]);
            heldOut.put(c.key(), values[1]);
            validation.put(c.key(), values[2]);
        }
        Map<String, Double> meanScore = SeedStats.means(grid, scores);
        // a choice is only a choice when the score saw every candidate that has a result
        boolean allScored =
                grid.stream()
                        .filter(k -> !Double.isNaN(SeedStats.mean(heldOut.get(k))))
                        .allMatch(k -> meanScore.get(k) != null);
        String chosen = allScored ? SeedStats.bestKey(grid, scores) : null;
        String validated = SeedStats.bestKey(grid, validation);
        double regret =
                chosen == null || validated == null
                        ? Double.NaN
                        : SeedStats.mean(heldOut.get(validated))
                                - SeedStats.mean(heldOut.get(chosen));
        return new double[] {
            orNaN(SeedStats.correlation(grid, meanScore, validation)),
            orNaN(SeedStats.kendall(grid, meanScore, validation)),
            orNaN(SeedStats.correlation(grid, meanScore, heldOut)),
            orNaN(SeedStats.kendall(grid, meanScore, heldOut)),
            regret
        };
    }

    private static AuditReport.ScoreResult summary(
            TransferabilityScore score, JobKind kind, List<double[]> perTarget) {
        Double[] means = new Double[5];
        int[] counts = new int[5];
        for (int i = 0; i < means.length; i++) {
            double sum = 0;
            for (double[] t : perTarget) {
                if (!Double.isNaN(t[i])) {
                    sum += t[i];
                    counts[i]++;
                }
            }
            means[i] = counts[i] == 0 ? null : sum / counts[i];
        }
        int targets = counts[2];
        return new AuditReport.ScoreResult(
                score, kind, means[0], means[1], means[2], means[3], means[4], targets);
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }
}
