package io.ostflow.planner.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * Keeps, for every vertex, its k cheapest edges (ties by neighbour id) and drops the rest: the
 * union is a k-nearest-neighbour graph with at most n*k edges. Girvan-Newman costs O(m^2 n), so
 * this is the planner's option for graphs of hundreds or thousands of tasks ({@code
 * ostflow.planner.sparsify.k}). Running time O(m log m).
 */
public final class KnnSparsifier {
    private KnnSparsifier() {}

    public static Graph<String, DefaultWeightedEdge> sparsify(
            Graph<String, DefaultWeightedEdge> graph, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + k);
        }
        Graph<String, DefaultWeightedEdge> sparse =
                new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        graph.vertexSet().forEach(sparse::addVertex);
        for (String v : graph.vertexSet().stream().sorted().toList()) {
            List<DefaultWeightedEdge> edges = new ArrayList<>(graph.edgesOf(v));
            edges.sort(
                    Comparator.comparingDouble(graph::getEdgeWeight)
                            .thenComparing(e -> other(graph, e, v)));
            for (DefaultWeightedEdge e : edges.subList(0, Math.min(k, edges.size()))) {
                String u = other(graph, e, v);
                if (!sparse.containsEdge(v, u)) {
                    sparse.setEdgeWeight(sparse.addEdge(v, u), graph.getEdgeWeight(e));
                }
            }
        }
        return sparse;
    }

    private static String other(
            Graph<String, DefaultWeightedEdge> graph, DefaultWeightedEdge e, String v) {
        String source = graph.getEdgeSource(e);
        return source.equals(v) ? graph.getEdgeTarget(e) : source;
    }
}
