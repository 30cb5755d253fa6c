package io.ostflow.planner.evaluation.audit;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.PlanRanking;
import io.ostflow.common.events.TransferabilityScore;
import java.time.Instant;
import java.util.List;

/**
 * What an audit found so far (docs/planner.md, Audits): per target the paper's Tables 1, 3 and 4,
 * the OST path's regret and the rank correlation between cost and Dice over each grid, and the mean
 * over targets; every cell is a mean ± sd over seeds of the jobs finished so far.
 *
 * @param auditId the audit
 * @param state running until every job has a result
 * @param seeds the training seeds
 * @param gridLimit the most direct sources and paths per target (0: exhaustive)
 * @param randomDraws draws of each random baseline
 * @param scheduledAt when it was scheduled
 * @param jobs its jobs' progress
 * @param targets one report per target
 * @param summary each row's mean over the targets, per seed, then mean ± sd over seeds
 * @param rankings each planner ranking's choices, averaged over the targets (per seed first)
 * @param rankedBy the transferability score the planner ranks by, which the LEEP rows and columns
 *     and the transferability ranking's replay use ({@code leep} unless configured otherwise)
 * @param scores every transferability score against validation and held-out Dice, side by side
 */
public record AuditReport(
        String auditId,
        State state,
        List<Long> seeds,
        int gridLimit,
        int randomDraws,
        Instant scheduledAt,
        Progress jobs,
        List<TargetReport> targets,
        Rows summary,
        List<RankingSummary> rankings,
        TransferabilityScore rankedBy,
        List<ScoreResult> scores) {

    /** Running while any of its jobs waits for a result. */
    public enum State {
        running,
        completed
    }

    /** Jobs by outcome. */
    public record Progress(int total, int completed, int failed) {
        public int open() {
            return total - completed - failed;
        }
    }

    /**
     * One target.
     *
     * @param path the OST path audited
     * @param rows the table rows
     * @param regret the best admissible path's Dice minus the OST path's (per seed)
     * @param regretAnyTransfer the best direct or sequential transfer's Dice minus the OST path's
     * @param directRankCorrelation Spearman's rho of w(s, t) and Dice over the direct grid
     * @param sequentialRankCorrelation Spearman's rho of path cost and Dice over the path grid
     * @param leepRankCorrelation Spearman's rho of LEEP and Dice over the direct grid (a LEEP that
     *     ranks sources well is near +1)
     * @param kendallTau the same three as Kendall's tau-b
     * @param grid every candidate with its cost and result
     * @param rankings what each of the planner's rankings would choose here ({@link RankingResult})
     */
    public record TargetReport(
            String target,
            long planVersion,
            List<String> path,
            Progress jobs,
            Rows rows,
            Cell regret,
            Cell regretAnyTransfer,
            Double directRankCorrelation,
            Double sequentialRankCorrelation,
            Double leepRankCorrelation,
            KendallTaus kendallTau,
            boolean directGridComplete,
            boolean sequentialGridComplete,
            List<CandidateResult> grid,
            List<RankingResult> rankings) {}

    /**
     * One of the planner's rankings replayed on a target's trained grids: its path and its single
     * source, chosen per seed without held-out Dice (affinity: the cheapest; transferability: the
     * highest LEEP of the shortlist), graded on held-out Dice against the candidate of best
     * validation Dice.
     *
     * @param path the path it chose (most often over the seeds)
     * @param pathDice the chosen path's held-out Dice
     * @param pathRegret the validated best path's Dice minus the chosen one's
     * @param source the single source it chose (most often)
     * @param sourceDice the chosen source's held-out Dice
     * @param sourceRegret the validated best source's Dice minus the chosen one's
     * @param transfer the transfer it would plan when paths and sources compete (most often):
     *     affinity its path, transferability the higher-scored of its path and source
     * @param transferDice the chosen transfer's held-out Dice
     * @param transferRegret the validated best transfer's (path or source) Dice minus the chosen
     *     one's
     * @param pathRho Spearman's rho of its score (cost; LEEP) and Dice over the path grid
     * @param pathTau Kendall's tau-b of the same
     * @param sourceRho Spearman's rho of its score and Dice over the source grid
     * @param sourceTau Kendall's tau-b of the same
     */
    public record RankingResult(
            PlanRanking ranking,
            String path,
            Cell pathDice,
            Cell pathRegret,
            String source,
            Cell sourceDice,
            Cell sourceRegret,
            String transfer,
            Cell transferDice,
            Cell transferRegret,
            Double pathRho,
            Double pathTau,
            Double sourceRho,
            Double sourceTau) {}

    /**
     * A ranking over every target: Dice and regret averaged over targets per seed, then mean ± sd
     * over seeds; correlations averaged over the targets that have one. {@code pathValidation} and
     * {@code transferValidation} are the validation Dice of its path and transfer choices: what the
     * plan's shape (a path, or a single source where it scores higher) is chosen by.
     */
    public record RankingSummary(
            PlanRanking ranking,
            Cell pathDice,
            Cell pathRegret,
            Cell sourceDice,
            Cell sourceRegret,
            Cell transferDice,
            Cell transferRegret,
            Cell pathValidation,
            Cell transferValidation,
            Double pathRho,
            Double pathTau,
            Double sourceRho,
            Double sourceTau) {}

    /**
     * Kendall's tau-b over a target's grids (RankCorrelation#kendall); null where fewer than 3
     * candidates have a result.
     *
     * @param direct of w(s, t) and Dice over the direct grid (good: near -1)
     * @param sequential of path cost and Dice over the path grid (good: near -1)
     * @param leep of LEEP and Dice over the direct grid (good: near +1)
     */
    public record KendallTaus(Double direct, Double sequential, Double leep) {}

    /**
     * The rows of Tables 1, 3 and 4.
     *
     * @param scratch Table 1: the target's cases only
     * @param direct Table 1: from the OST path's first source
     * @param sequential Tables 1 and 4: the OST path
     * @param bestDirect Tables 3 and 4: the best trained source (grid, draws, the plan's)
     * @param bestSequential Tables 3 and 4: the best trained path (grid, draws, the OST path)
     * @param randomDirect Table 4: mean over the random single sources
     * @param ostflowDirect Table 4: ostflow's single source, argmin w(s, t)
     * @param leepDirect Table 4: the trained source with the highest mean LEEP
     * @param randomSequential Table 4: mean over the random paths
     * @param multitask Table 4: the OST path's tasks pre-trained jointly, then the target
     */
    public record Rows(
            Cell scratch,
            Cell direct,
            Cell sequential,
            Cell bestDirect,
            Cell bestSequential,
            Cell randomDirect,
            Cell ostflowDirect,
            Cell leepDirect,
            Cell randomSequential,
            Cell multitask) {}

    /**
     * One trained candidate.
     *
     * @param leep mean LEEP over seeds of a direct candidate, else null
     * @param validationDice mean validation Dice over seeds (what a choice among candidates is made
     *     by), null before any
     */
    public record CandidateResult(
            String key,
            JobKind kind,
            List<String> sources,
            Double cost,
            Cell result,
            Double leep,
            Double validationDice) {}

    /**
     * One transferability score over one kind's trained grids ({@link ScoreComparison}), each value
     * the mean over the targets that have it, null where none has.
     *
     * @param validationRho Spearman's rho of the score and validation Dice (what a score is chosen
     *     by; good: near +1)
     * @param validationTau Kendall's tau-b of the same
     * @param heldOutRho Spearman's rho of the score and held-out Dice (what it is reported by)
     * @param heldOutTau Kendall's tau-b of the same
     * @param regret the held-out Dice of the candidate of best validation Dice minus that of the
     *     candidate of highest score (over the targets where the score saw every candidate)
     * @param targets the targets with a held-out correlation
     */
    public record ScoreResult(
            TransferabilityScore score,
            JobKind kind,
            Double validationRho,
            Double validationTau,
            Double heldOutRho,
            Double heldOutTau,
            Double regret,
            int targets) {}
}
