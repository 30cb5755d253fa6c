package io.ostflow.planner.evaluation.audit;

import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.JobKind;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A target's trained candidates: keyed, costed and with their results. O(candidates). */
final class TrainedGrid {
    private TrainedGrid() {}

    /**
     * A target's trained candidates of one kind, cheapest first (ties by key): the grid, the draws
     * and the plan's own, every one a transfer the audit measured at every seed (a draw that only
     * some seeds trained counts in its seeds' random rows only, so that every "best" and every
     * ranking compares candidates on the same seeds).
     */
    static List<String> keys(AuditScheduled.Target t, JobKind kind) {
        return t.candidates().stream()
                .filter(c -> c.kind() == kind)
                .filter(c -> c.jobIds().stream().allMatch(java.util.Objects::nonNull))
                .sorted(
                        Comparator.comparingDouble((AuditScheduled.Candidate c) -> c.cost())
                                .thenComparing(AuditScheduled.Candidate::key))
                .map(AuditScheduled.Candidate::key)
                .toList();
    }

    /** Each candidate's cost (null for scratch). */
    static Map<String, Double> costs(AuditScheduled.Target t) {
        Map<String, Double> costs = new HashMap<>();
        t.candidates().forEach(c -> costs.put(c.key(), c.cost()));
        return costs;
    }

    /** Every candidate with its held-out Dice, mean LEEP and mean validation Dice over seeds. */
    static List<AuditReport.CandidateResult> results(
            AuditScheduled.Target t,
            Map<String, double[]> dice,
            Map<String, double[]> leep,
            Map<String, double[]> validation) {
        return t.candidates().stream()
                .map(
                        c ->
                                new AuditReport.CandidateResult(
                                        c.key(),
                                        c.kind(),
                                        c.sources(),
                                        c.cost(),
                                        Cell.of(dice.get(c.key()), null),
                                        SeedStats.nullIfNaN(SeedStats.mean(leep.get(c.key()))),
                                        SeedStats.nullIfNaN(
                                                SeedStats.mean(validation.get(c.key())))))
                .toList();
    }
}
