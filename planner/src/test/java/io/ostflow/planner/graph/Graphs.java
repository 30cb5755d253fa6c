package io.ostflow.planner.graph;

import java.util.List;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/** Hand-drawn test graphs: "a-b:1.5" adds the edge a-b with weight 1.5. */
final class Graphs {
    private Graphs() {}

    static Graph<String, DefaultWeightedEdge> of(List<String> edges) {
        Graph<String, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        for (String spec : edges) {
            String[] parts = spec.split("[-:]");
            g.addVertex(parts[0]);
            g.addVertex(parts[1]);
            DefaultWeightedEdge e = g.addEdge(parts[0], parts[1]);
            g.setEdgeWeight(e, parts.length > 2 ? Double.parseDouble(parts[2]) : 1);
        }
        return g;
    }

    static IndexedGraph indexed(String... edges) {
        return IndexedGraph.of(of(List.of(edges)));
    }
}
