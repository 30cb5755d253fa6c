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
        String fallback) {

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
}
