package io.ostflow.common.events;

import java.time.Instant;
import java.util.List;

/**
 * The source tasks were clustered again (docs/algorithm.md sections 5-6).
 *
 * @param version increasing graph version
 * @param clusters every cluster with its members and representative
 * @param modularity modularity of the chosen level
 * @param betweenness {@code weighted} or {@code unweighted}
 * @param moved tasks whose cluster (by representative) changed since the previous version
 * @param representativesChanged whether the set of representatives changed
 * @param reclusteredAt when
 */
public record GraphReclustered(
        long version,
        List<Cluster> clusters,
        double modularity,
        String betweenness,
        List<String> moved,
        boolean representativesChanged,
        Instant reclusteredAt) {

    /**
     * One cluster.
     *
     * @param id position in the list (clusters are ordered by their first member)
     * @param members source task ids, sorted
     * @param representative the member the paths start from
     */
    public record Cluster(int id, List<String> members, String representative) {}
}
