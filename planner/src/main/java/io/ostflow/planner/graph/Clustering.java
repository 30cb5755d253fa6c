package io.ostflow.planner.graph;

import java.util.List;

/**
 * A partition of the source tasks.
 *
 * @param clusters members of each cluster, sorted; clusters ordered by their first member
 * @param modularity Newman-Girvan modularity of the partition on the original graph
 * @param removedEdges edges Girvan-Newman removed to reach it
 */
public record Clustering(List<List<String>> clusters, double modularity, int removedEdges) {
    public Clustering {
        clusters = clusters.stream().map(List::copyOf).toList();
    }

    /** Index of the cluster holding {@code task}, or -1. */
    public int clusterOf(String task) {
        for (int c = 0; c < clusters.size(); c++) {
            if (clusters.get(c).contains(task)) {
                return c;
            }
        }
        return -1;
    }
}
