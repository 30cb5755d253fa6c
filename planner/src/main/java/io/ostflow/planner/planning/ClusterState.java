package io.ostflow.planner.planning;

import io.ostflow.planner.graph.Clustering;
import java.util.List;

/**
 * One clustering of the source graph and its representatives (one per cluster, in cluster order).
 *
 * @param version the graph version: 0 before the first clustering, +1 per reclustering
 */
record ClusterState(Clustering clustering, List<String> representatives, long version) {
    static final ClusterState NONE =
            new ClusterState(new Clustering(List.of(), 0, 0), List.of(), 0);

    ClusterState {
        representatives = List.copyOf(representatives);
    }
}
