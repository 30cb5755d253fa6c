package io.ostflow.common.events;

import java.time.Instant;
import java.util.List;

/**
 * An audit (docs/planner.md, Audits): for each target, the transfers that answer the paper's
 * questions (Tables 1, 3 and 4) and the job of each on every seed. The candidate set is fixed when
 * the audit is scheduled, so a later replan does not change what an audit measured. On the
 * compacted audits topic under its id.
 *
 * @param auditId {@code audit-} and 16 hex digits of the request and the plans it was made on
 * @param seeds the training seeds, one job per candidate and seed
 * @param gridLimit the most direct sources and sequential paths per target (0: exhaustive)
 * @param randomDraws the seeded random choices of each random baseline
 * @param targets one entry per audited target
 * @param scheduledAt when
 * @param rankings the planner rankings its report replays on the trained grids (absent: both)
 */
public record AuditScheduled(
        String auditId,
        List<Long> seeds,
        int gridLimit,
        int randomDraws,
        List<Target> targets,
        Instant scheduledAt,
        List<PlanRanking> rankings) {

    public AuditScheduled {
        rankings = rankings == null ? List.of(PlanRanking.values()) : List.copyOf(rankings);
    }

    /** An audit of both rankings. */
    public AuditScheduled(
            String auditId,
            List<Long> seeds,
            int gridLimit,
            int randomDraws,
            List<Target> targets,
            Instant scheduledAt) {
        this(auditId, seeds, gridLimit, randomDraws, targets, scheduledAt, null);
    }

    /**
     * One audited target.
     *
     * @param target the target task
     * @param planVersion the plan whose path the audit measures
     * @param candidates every transfer trained, each once per seed
     * @param selection which candidates answer which question
     */
    public record Target(
            String target, long planVersion, List<Candidate> candidates, Selection selection) {}

    /**
     * One transfer to train.
     *
     * @param key {@code scratch}, {@code direct:SOURCE}, {@code sequential:R>I...} or {@code
     *     multitask:R>I...}
     * @param kind scratch, direct, sequential or multitask
     * @param sources the source tasks in training order (empty for scratch)
     * @param cost its cost: w(s, t) for direct, eq. 8 for sequential, null for scratch
     * @param jobIds its job on each seed, in the order of {@link AuditScheduled#seeds()}
     */
    public record Candidate(
            String key, JobKind kind, List<String> sources, Double cost, List<String> jobIds) {}

    /**
     * Candidate keys per question.
     *
     * @param scratch Table 1: the target's own cases only
     * @param direct Table 1: from the OST path's first source
     * @param sequential Table 1 and 4: the OST path
     * @param ostflowDirect Table 4: ostflow's best single source, argmin w(s, t)
     * @param directGrid Table 3 and 4: every connected source, cheapest first (or the cheapest
     *     {@code gridLimit})
     * @param directGridComplete false when {@code directGrid} was cut to the limit
     * @param sequentialGrid Table 3 and 4: every admissible path, cheapest first (or the cheapest
     *     {@code gridLimit})
     * @param sequentialGridComplete false when {@code sequentialGrid} was cut to the limit
     * @param randomDirect Table 4: uniform draws over every connected source, seeded by target and
     *     seed
     * @param randomSequential Table 4: uniform draws over every admissible path, likewise
     * @param multitask Table 4: joint pre-training on the OST path's tasks, then the target
     * @param randomPerSeed draws per seed when each seed draws its own (the random lists then hold
     *     them seed after seed, and a candidate only drawn is trained at the seeds that drew it:
     *     its other job ids are null); 0 in older audits, whose draws every seed trained
     */
    public record Selection(
            String scratch,
            String direct,
            String sequential,
            String ostflowDirect,
            List<String> directGrid,
            boolean directGridComplete,
            List<String> sequentialGrid,
            boolean sequentialGridComplete,
            List<String> randomDirect,
            List<String> randomSequential,
            String multitask,
            int randomPerSeed) {

        /** An audit whose random draws every seed trained. */
        public Selection(
                String scratch,
                String direct,
                String sequential,
                String ostflowDirect,
                List<String> directGrid,
                boolean directGridComplete,
                List<String> sequentialGrid,
                boolean sequentialGridComplete,
                List<String> randomDirect,
                List<String> randomSequential,
                String multitask) {
            this(
                    scratch,
                    direct,
                    sequential,
                    ostflowDirect,
                    directGrid,
                    directGridComplete,
                    sequentialGrid,
                    sequentialGridComplete,
                    randomDirect,
                    randomSequential,
                    multitask,
                    0);
        }
    }
}
