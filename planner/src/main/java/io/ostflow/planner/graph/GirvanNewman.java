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
 * clusters on ties (ALGORITHM.md section 5).
 *
 * <p>Ties in betweenness decide the result and are common, so the rule is fixed: among the edges
 * within 1e-9 (relative) of the maximum, the one whose (smaller id, larger id) pair sorts first is
 * removed. With {@link IndexedGraph}'s order this makes the result independent of insertion order.
 * Unlike JGraphT's {@code GirvanNewmanClustering}, betweenness may use the edge weights.
 *
 * <p>Running time O(m * (n m + n^2 log n)) weighted: one betweenness pass per removed edge.
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
        EdgeBetweenness betweenness = new EdgeBetweenness(weighted);
        IndexedGraph current = graph;
        double[] scores = betweenness.compute(current);
        int removed = 0;
        Clustering best = partition(graph, current, removed);
        int components = best.clusters().size();
        while (current.edgeCount() > 0 && (k.isEmpty() || components < k.getAsInt())) {
            int edge = edgeToRemove(scores);
            int[] ends = current.edge(edge);
            current = current.without(edge);
            removed++;
            int[] labels = current.components();
            scores = rescore(betweenness, current, without(scores, edge), labels, ends);
            int count = count(labels);
            if (count > components) {
                components = count;
                Clustering level = partition(graph, current, removed);
                if (k.isPresent() || level.modularity() > best.modularity() + 1e-12) {
                    best = level;
                }
            }
        }
        return best;
    }

    /**
     * Only the component(s) that held the removed edge change; the betweenness of every other edge
     * is kept, and the affected edges are recomputed from sources inside them.
     */
    private static double[] rescore(
            EdgeBetweenness betweenness,
            IndexedGraph g,
            double[] scores,
            int[] labels,
            int[] ends) {
        boolean[] affected = new boolean[g.size()];
        for (int v = 0; v < affected.length; v++) {
            affected[v] = labels[v] == labels[ends[0]] || labels[v] == labels[ends[1]];
        }
        for (int e = 0; e < g.edgeCount(); e++) {
            if (affected[g.edge(e)[0]]) {
                scores[e] = 0;
            }
        }
        betweenness.accumulate(g, affected, scores);
        return scores;
    }

    private static double[] without(double[] values, int removed) {
        double[] kept = new double[values.length - 1];
        System.arraycopy(values, 0, kept, 0, removed);
        System.arraycopy(values, removed + 1, kept, removed, values.length - removed - 1);
        return kept;
    }

    /** Highest betweenness; ties (1e-9 relative) go to the first edge in (id, id) order. */
    static int edgeToRemove(double[] betweenness) {
        double max = 0;
        for (double b : betweenness) {
            max = Math.max(max, b);
        }
        for (int e = 0; e < betweenness.length; e++) {
            if (betweenness[e] >= max - TIE * max) {
                return e;
            }
        }
        throw new IllegalStateException("no edge to remove");
    }

    private static Clustering partition(IndexedGraph original, IndexedGraph current, int removed) {
        int[] labels = current.components();
        TreeMap<Integer, List<String>> groups = new TreeMap<>();
        for (int v = 0; v < labels.length; v++) {
            groups.computeIfAbsent(labels[v], x -> new ArrayList<>()).add(current.vertex(v));
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
