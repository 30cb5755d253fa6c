package io.ostflow.planner.evaluation.audit;

import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.JobState;
import io.ostflow.common.events.TransferabilityScore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns an audit and its jobs' results into its {@link AuditReport}. Every row is first a value per
 * seed (NaN where that seed's job has no result): a fixed candidate's Dice; for "the best" of a
 * kind the candidate with the highest mean <em>validation</em> Dice over seeds among every trained
 * one of that kind (grid, random draws and the plan's own; ties: the cheaper), then its held-out
 * Dice per seed, so the best is chosen once, not per seed and not on the cases it is graded on; for
 * a random baseline the mean over its draws. Cells are mean ± sd over seeds; the summary averages
 * over targets per seed first. The planner's two rankings are replayed on each target's grids by
 * {@link RankingAudit}. O(candidates x seeds).
 */
public final class AuditReporter {
    private AuditReporter() {}

    private enum Row {
        SCRATCH,
        DIRECT,
        SEQUENTIAL,
        BEST_DIRECT,
        BEST_SEQUENTIAL,
        RANDOM_DIRECT,
        OSTFLOW_DIRECT,
        LEEP_DIRECT,
        RANDOM_SEQUENTIAL,
        MULTITASK
    }

    /** Per-seed values of each row of one target, and the candidate a "best" row settled on. */
    private record Values(Map<Row, double[]> rows, Map<Row, String> chosen) {
        AuditReport.Rows cells() {
            return AuditReporter.rows(r -> Cell.of(rows.get(r), chosen.get(r)));
        }
    }

    /**
     * @param shortlist paths and sources the transferability ranking scores (1 + the plan's
     *     alternatives)
     * @param rankedBy the score in each outcome's {@code leep}: the one the planner ranks by
     */
    public static AuditReport report(
            AuditScheduled audit,
            Function<String, Optional<JobOutcome>> outcomes,
            int shortlist,
            TransferabilityScore rankedBy) {
        int seeds = audit.seeds().size();
        RankingAudit rankings = new RankingAudit(shortlist, seeds);
        List<List<RankingAudit.Replayed>> replayed = new ArrayList<>();
        List<AuditReport.TargetReport> targets = new ArrayList<>();
        List<Values> values = new ArrayList<>();
        Set<String> allJobs = new HashSet<>();
        int[] done = new int[2];
        for (AuditScheduled.Target t : audit.targets()) {
            Map<String, double[]> dice = new HashMap<>();
            Map<String, double[]> leep = new HashMap<>();
            Map<String, double[]> validation = new HashMap<>();
            AuditReport.Progress progress =
                    progress(t, outcomes, new PerSeed(dice, leep, validation), seeds);
            for (AuditScheduled.Candidate c : t.candidates()) {
                for (String id : c.jobIds()) {
                    if (id != null && allJobs.add(id)) {
                        outcomes.apply(id)
                                .filter(o -> !o.state().open())
                                .ifPresent(o -> done[o.state() == JobState.COMPLETED ? 0 : 1]++);
                    }
                }
            }
            PerSeed perSeed = new PerSeed(dice, leep, validation);
            Values v = values(t, perSeed, seeds);
            values.add(v);
            List<RankingAudit.Replayed> ranked =
                    rankings.of(
                            RankingAudit.grid(t, JobKind.SEQUENTIAL, dice, leep, validation),
                            RankingAudit.grid(t, JobKind.DIRECT, dice, leep, validation),
                            audit.rankings());
            replayed.add(ranked);
            targets.add(
                    target(t, progress, v, perSeed, ranked.stream().map(r -> r.result()).toList()));
        }
        AuditReport.Progress total = new AuditReport.Progress(allJobs.size(), done[0], done[1]);
        return new AuditReport(
                audit.auditId(),
                total.open() == 0 ? AuditReport.State.completed : AuditReport.State.running,
                audit.seeds(),
                audit.gridLimit(),
                audit.randomDraws(),
                audit.scheduledAt(),
                total,
                targets,
                rows(r -> Cell.of(meanOverTargets(values, r, seeds), null)),
                rankings.summary(replayed),
                rankedBy,
                ScoreComparison.of(audit, outcomes));
    }

    /**
     * Each candidate's held-out Dice, LEEP and validation Dice per seed (NaN where missing).
     *
     * @param dice reported in every row
     * @param validation chooses the "best" rows: choose on validation, report on held-out
     */
    private record PerSeed(
            Map<String, double[]> dice,
            Map<String, double[]> leep,
            Map<String, double[]> validation) {}

    /** Counts a target's jobs and fills each candidate's values per seed. */
    private static AuditReport.Progress progress(
            AuditScheduled.Target t,
            Function<String, Optional<JobOutcome>> outcomes,
            PerSeed values,
            int seeds) {
        int total = 0;
        int completed = 0;
        int failed = 0;
        for (AuditScheduled.Candidate c : t.candidates()) {
            double[] perSeed = SeedStats.nan(seeds);
            double[] leepPerSeed = SeedStats.nan(seeds);
            double[] validationPerSeed = SeedStats.nan(seeds);
            for (int k = 0; k < c.jobIds().size(); k++) {
                if (c.jobIds().get(k) == null) {
                    continue; // a random draw of another seed only
                }
                total++;
                Optional<JobOutcome> o = outcomes.apply(c.jobIds().get(k));
                if (o.isPresent() && o.get().state() == JobState.COMPLETED) {
                    completed++;
                    if (o.get().dice() != null) {
                        perSeed[k] = o.get().dice();
                    }
                    if (o.get().leep() != null) {
                        leepPerSeed[k] = o.get().leep();
                    }
                    if (o.get().validationDice() != null) {
                        validationPerSeed[k] = o.get().validationDice();
                    }
                } else if (o.isPresent() && o.get().state() == JobState.FAILED) {
                    failed++;
                }
            }
            values.dice().put(c.key(), perSeed);
            values.leep().put(c.key(), leepPerSeed);
            values.validation().put(c.key(), validationPerSeed);
        }
        return new AuditReport.Progress(total, completed, failed);
    }

    private static Values values(AuditScheduled.Target t, PerSeed values, int seeds) {
        Map<String, double[]> dice = values.dice();
        Map<String, double[]> leep = values.leep();
        AuditScheduled.Selection s = t.selection();
        List<String> direct = TrainedGrid.keys(t, JobKind.DIRECT);
        Map<Row, double[]> rows = new EnumMap<>(Row.class);
        Map<Row, String> chosen = new EnumMap<>(Row.class);
        rows.put(Row.SCRATCH, dice.get(s.scratch()));
        rows.put(Row.DIRECT, dice.get(s.direct()));
        rows.put(Row.SEQUENTIAL, dice.get(s.sequential()));
        rows.put(Row.OSTFLOW_DIRECT, dice.get(s.ostflowDirect()));
        rows.put(
                Row.MULTITASK,
                s.multitask() == null ? SeedStats.nan(seeds) : dice.get(s.multitask()));
        best(direct, values, seeds, Row.BEST_DIRECT, rows, chosen);
        best(
                TrainedGrid.keys(t, JobKind.SEQUENTIAL),
                values,
                seeds,
                Row.BEST_SEQUENTIAL,
                rows,
                chosen);
        // LEEP's choice: the trained source whose model scores highest on the target
        String byLeep = SeedStats.bestKey(direct, leep);
        rows.put(Row.LEEP_DIRECT, byLeep == null ? SeedStats.nan(seeds) : dice.get(byLeep));
        if (byLeep != null) {
            chosen.put(Row.LEEP_DIRECT, byLeep);
        }
        rows.put(
                Row.RANDOM_DIRECT,
                SeedStats.drawMean(s.randomDirect(), s.randomPerSeed(), dice, seeds));
        rows.put(
                Row.RANDOM_SEQUENTIAL,
                SeedStats.drawMean(s.randomSequential(), s.randomPerSeed(), dice, seeds));
        return new Values(rows, chosen);
    }

    private static AuditReport.TargetReport target(
            AuditScheduled.Target t,
            AuditReport.Progress progress,
            Values v,
            PerSeed values,
            List<AuditReport.RankingResult> rankings) {
        Map<String, double[]> dice = values.dice();
        Map<String, double[]> leep = values.leep();
        AuditScheduled.Selection s = t.selection();
        double[] ost = dice.get(s.sequential());
        List<String> direct = TrainedGrid.keys(t, JobKind.DIRECT);
        List<String> sequential = TrainedGrid.keys(t, JobKind.SEQUENTIAL);
        List<String> transfers = new ArrayList<>(direct);
        transfers.addAll(sequential);
        String bestAny = SeedStats.bestKey(transfers, values.validation());
        List<String> path =
                t.candidates().stream()
                        .filter(c -> c.key().equals(s.sequential()))
                        .findFirst()
                        .orElseThrow()
                        .sources();
        List<AuditReport.CandidateResult> grid =
                TrainedGrid.results(t, dice, leep, values.validation());
        return new AuditReport.TargetReport(
                t.target(),
                t.planVersion(),
                path,
                progress,
                v.cells(),
                Cell.of(SeedStats.minus(v.rows().get(Row.BEST_SEQUENTIAL), ost), null),
                bestAny == null
                        ? Cell.EMPTY
                        : Cell.of(SeedStats.minus(dice.get(bestAny), ost), bestAny),
                SeedStats.correlation(direct, TrainedGrid.costs(t), dice),
                SeedStats.correlation(sequential, TrainedGrid.costs(t), dice),
                SeedStats.correlation(direct, SeedStats.means(direct, leep), dice),
                new AuditReport.KendallTaus(
                        SeedStats.kendall(direct, TrainedGrid.costs(t), dice),
                        SeedStats.kendall(sequential, TrainedGrid.costs(t), dice),
                        SeedStats.kendall(direct, SeedStats.means(direct, leep), dice)),
                s.directGridComplete(),
                s.sequentialGridComplete(),
                grid,
                rankings);
    }

    /** The candidate of best validation Dice, reported by its held-out Dice. */
    private static void best(
            List<String> grid,
            PerSeed values,
            int seeds,
            Row row,
            Map<Row, double[]> rows,
            Map<Row, String> chosen) {
        String best = SeedStats.bestKey(grid, values.validation());
        rows.put(row, best == null ? SeedStats.nan(seeds) : values.dice().get(best));
        if (best != null) {
            chosen.put(row, best);
        }
    }

    private static double[] meanOverTargets(List<Values> values, Row row, int seeds) {
        double[] out = new double[seeds];
        for (int k = 0; k < seeds; k++) {
            double sum = 0;
            for (Values v : values) {
                sum += v.rows().get(row)[k];
            }
            out[k] = values.isEmpty() ? Double.NaN : sum / values.size();
        }
        return out;
    }

    private static AuditReport.Rows rows(Function<Row, Cell> cell) {
        return new AuditReport.Rows(
                cell.apply(Row.SCRATCH),
                cell.apply(Row.DIRECT),
                cell.apply(Row.SEQUENTIAL),
                cell.apply(Row.BEST_DIRECT),
                cell.apply(Row.BEST_SEQUENTIAL),
                cell.apply(Row.RANDOM_DIRECT),
                cell.apply(Row.OSTFLOW_DIRECT),
                cell.apply(Row.LEEP_DIRECT),
                cell.apply(Row.RANDOM_SEQUENTIAL),
                cell.apply(Row.MULTITASK));
    }
}
