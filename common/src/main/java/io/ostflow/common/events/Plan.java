package io.ostflow.common.events;

import java.time.Instant;
import java.util.List;

/**
 * The Optimal Sequential Transfer plan of one target (docs/algorithm.md section 7), on the
 * compacted plans topic under the target's id. A new version is published only when the result
 * changes.
 *
 * @param target the target task
 * @param version increasing per target
 * @param path source task ids in training order (representative first), target excluded
 * @param cost total cost of eq. 8
 * @param terms the weights that sum to the cost
 * @param alternatives the next best paths
 * @param direct the best single source, argmin w(s, t)
 * @param graphVersion the clustering it was planned on
 * @param weightsVersion the edge weights it was planned with
 * @param plannedAt when
 * @param fallback null for the paper's form (a path from a representative); otherwise why no
 *     representative could reach the target and what was planned instead (a path from the connected
 *     source closest to the target, or a direct transfer from it)
 * @param ranking which ranking chose the path: {@code affinity} (the paper's, and the
 *     transferability mode's until its scores are in) or {@code transferability}
 * @param scores the transferability mode's measured candidates (shortlisted paths and sources, each
 *     with its LEEP once scored); empty under the affinity ranking
 */
public record Plan(
        String target,
        long version,
        List<String> path,
        double cost,
        List<Term> terms,
        List<Alternative> alternatives,
        Direct direct,
        long graphVersion,
        long weightsVersion,
        Instant plannedAt,
        String fallback,
        PlanRanking ranking,
        List<Score> scores) {

    public Plan {
        ranking = ranking == null ? PlanRanking.AFFINITY : ranking;
        scores = scores == null ? List.of() : List.copyOf(scores);
    }

    /** A plan ranked by affinity alone, as the paper's search finds it. */
    public Plan(
            String target,
            long version,
            List<String> path,
            double cost,
            List<Term> terms,
            List<Alternative> alternatives,
            Direct direct,
            long graphVersion,
            long weightsVersion,
            Instant plannedAt,
            String fallback) {
        this(
                target,
                version,
                path,
                cost,
                terms,
                alternatives,
                direct,
                graphVersion,
                weightsVersion,
                plannedAt,
                fallback,
                PlanRanking.AFFINITY,
                List.of());
    }

    /** A plan in the paper's form. */
    public Plan(
            String target,
            long version,
            List<String> path,
            double cost,
            List<Term> terms,
            List<Alternative> alternatives,
            Direct direct,
            long graphVersion,
            long weightsVersion,
            Instant plannedAt) {
        this(
                target,
                version,
                path,
                cost,
                terms,
                alternatives,
                direct,
                graphVersion,
                weightsVersion,
                plannedAt,
                null);
    }

    /** One weight of the cost. */
    public record Term(String from, String to, double weight) {}

    /** Another candidate path. */
    public record Alternative(List<String> path, double cost) {}

    /** The single-source baseline. */
    public record Direct(String source, double cost) {}

    /**
     * One candidate of the transferability ranking.
     *
     * @param kind {@code sequential} for a shortlisted path, {@code direct} for a shortlisted
     *     single source (each scored on its own kind's source budget)
     * @param sources its source tasks in training order
     * @param jobId the scoring job that measures it
     * @param leep LEEP of its last source stage on the target's labelled cases; null until scored
     * @param by the score the ranking ordered by ({@code leep} unless the planner is configured
     *     otherwise; null in plans of older planners)
     * @param value that score of its last source stage; null until scored
     */
    public record Score(
            JobKind kind,
            List<String> sources,
            String jobId,
            Double leep,
            TransferabilityScore by,
            Double value) {}
}
