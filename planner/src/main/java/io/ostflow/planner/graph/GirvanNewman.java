package io.ostflow.planner.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Girvan-Newman community detection (Girvan and Newman 2002, PNAS 99:7821; paper eq. 6): repeatedly
 * remove the edge of highest betweenness, one per step, recomputing betweenness after each removal,
 * and read the partition off the connected components. With a fixed K it stops at K components;
 * otherwise it runs the whole dendrogram and returns the level of highest modularity, the fewer
 * clusters on ties (docs/algorithm.md, 5).
 *
 * <p>Ties in betweenness decide the result and are common, so the rule is fixed: among the edges
 * within 1e-9 (relative) of the maximum, the one whose (smaller id, larger id) pair sorts first is
 * removed. With {@link IndexedGraph}'s order this makes the result independent of insertion order.
 * Unlike JGraphT's {@code GirvanNewmanClustering}, betweenness may use the edge weights.
 *
 * <p>Betweenness is kept up to date by {@link DecrementalBetweenness}, which searches again only
 * from the sources whose shortest paths used the removed edge. Worst-case running time stays O(m *
 * (n m + n^2 log n)) weighted (every removal touching every source); on the planner's dense task
 * graphs a removal touches a few sources.
 */
public final class GirvanNewman {
    private static final double TIE = 1e-9;

    private final boolean weighted;
    private final OptionalInt k;

    /**
     * @param weighted betweenness over weighted shortest paths (default) or hop counts
     * @param k fixed number of clusters, or empty for the modularity maximum
     */
    public GirvanNewman(boolean weighted, OptionalInt k) {
        if (k.isPresent() && k.getAsInt() < 1) {
            throw new IllegalArgumentException("clusters.k must be >= 1, was " + k.getAsInt());
        }
        this.weighted = weighted;
        this.k = k;
    }

    public Clustering cluster(IndexedGraph graph) {
        DecrementalBetweenness betweenness =
                new DecrementalBetweenness(graph, new EdgeBetweenness(weighted));
        boolean[] removedEdges = new boolean[graph.edgeCount()];
        int removed = 0;
        Clustering best = partition(graph, graph.components(removedEdges), removed);
        int components = best.clusters().size();
        while (removed < graph.edgeCount() && (k.isEmpty() || components < k.getAsInt())) {
            int edge = edgeToRemove(betweenness.totals(), removedEdges);
            betweenness.remove(edge);
            removedEdges[edge] = true;
            removed++;
            int[] labels = graph.components(removedEdges);
            int count = count(labels);
            if (count > components) {
                components = count;
                Clustering level = partition(graph, labels, removed);
                if (k.isPresent() || level.modularity() > best.modularity() + 1e-12) {
                    best = level;
                }
            }
        }
        return best;
    }

    /** Highest betweenness; ties (1e-9 relative) go to the first edge in (id, id) order. */
    static int edgeToRemove(double[] betweenness, boolean[] removed) {
        double max = Double.NEGATIVE_INFINITY;
        for (int e = 0; e < betweenness.length; e++) {
            if (!removed[e]) {
                max = Math.max(max, betweenness[e]);
            }
        }
        for (int e = 0; e < betweenness.length; e++) {
            if (!removed[e] && betweenness[e] >= max - TIE * max) {
                return e;
            }
        }
        throw new IllegalStateException("no edge to remove");
    }

    private static Clustering partition(IndexedGraph original, int[] labels, int removed) {
        TreeMap<Integer, List<String>> groups = new TreeMap<>();
        for (int v = 0; v < labels.length; v++) {
            groups.computeIfAbsent(labels[v], x -> new ArrayList<>()).add(original.vertex(v));
        }
        return new Clustering(
                new ArrayList<>(groups.values()), Modularity.of(original, labels), removed);
    }

    private static int count(int[] labels) {
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max + 1;
    }
}
