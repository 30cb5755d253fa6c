package io.ostflow.planner.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;

/**
 * An immutable array view of an undirected weighted JGraphT graph: vertices sorted by id and
 * numbered 0..n-1, edges numbered by their (smaller id, larger id) pair in string order. Every
 * algorithm that iterates over it is therefore independent of the order the graph was built in.
 */
public final class IndexedGraph {
    private final String[] vertices;
    private final int[][] edges;
    private final double[] weights;
    private final List<List<int[]>> adjacency;

    /** Compressed adjacency: neighbours of v are targets[offsets[v] .. offsets[v+1]). */
    private final int[] offsets;

    private final int[] targets;
    private final int[] edgeIds;

    private IndexedGraph(String[] vertices, int[][] edges, double[] weights) {
        this.vertices = vertices;
        this.edges = edges;
        this.weights = weights;
        this.adjacency = new ArrayList<>();
        for (int i = 0; i < vertices.length; i++) {
            adjacency.add(new ArrayList<>());
        }
        for (int e = 0; e < edges.length; e++) {
            adjacency.get(edges[e][0]).add(new int[] {edges[e][1], e});
            adjacency.get(edges[e][1]).add(new int[] {edges[e][0], e});
        }
        for (List<int[]> list : adjacency) {
            list.sort((a, b) -> Integer.compare(a[0], b[0]));
        }
        offsets = new int[vertices.length + 1];
        targets = new int[2 * edges.length];
        edgeIds = new int[2 * edges.length];
        for (int v = 0, k = 0; v < vertices.length; v++) {
            offsets[v] = k;
            for (int[] adjacent : adjacency.get(v)) {
                targets[k] = adjacent[0];
                edgeIds[k++] = adjacent[1];
            }
            offsets[v + 1] = k;
        }
    }

    /** Start of v's neighbours in {@link #target(int)} / {@link #edgeAt(int)}. */
    public int firstNeighbour(int v) {
        return offsets[v];
    }

    /** End (exclusive) of v's neighbours. */
    public int endNeighbour(int v) {
        return offsets[v + 1];
    }

    /** The neighbour at adjacency slot k. */
    public int target(int k) {
        return targets[k];
    }

    /** The edge at adjacency slot k. */
    public int edgeAt(int k) {
        return edgeIds[k];
    }

    public static IndexedGraph of(Graph<String, DefaultWeightedEdge> graph) {
        String[] vertices = graph.vertexSet().stream().sorted().toArray(String[]::new);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < vertices.length; i++) {
            index.put(vertices[i], i);
        }
        List<int[]> edgeList = new ArrayList<>();
        List<Double> weightList = new ArrayList<>();
        graph.edgeSet().stream()
                .map(
                        e -> {
                            int a = index.get(graph.getEdgeSource(e));
                            int b = index.get(graph.getEdgeTarget(e));
                            return new double[] {
                                Math.min(a, b), Math.max(a, b), graph.getEdgeWeight(e)
                            };
                        })
                .sorted(
                        (x, y) ->
                                x[0] != y[0]
                                        ? Double.compare(x[0], y[0])
                                        : Double.compare(x[1], y[1]))
                .forEach(
                        x -> {
                            edgeList.add(new int[] {(int) x[0], (int) x[1]});
                            weightList.add(x[2]);
                        });
        return new IndexedGraph(
                vertices,
                edgeList.toArray(int[][]::new),
                weightList.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public int size() {
        return vertices.length;
    }

    public int edgeCount() {
        return edges.length;
    }

    public String vertex(int i) {
        return vertices[i];
    }

    public int[] edge(int e) {
        return edges[e];
    }

    public double weight(int e) {
        return weights[e];
    }

    /** Neighbours of v as {neighbour, edge index}, by neighbour index. */
    public List<int[]> neighbours(int v) {
        return adjacency.get(v);
    }

    /** Component number of every vertex, numbered by smallest member. */
    public int[] components() {
        return components(new boolean[edges.length]);
    }

    /** Components of the graph without the edges marked in {@code removed}. */
    public int[] components(boolean[] removed) {
        int[] component = new int[vertices.length];
        Arrays.fill(component, -1);
        int[] stack = new int[vertices.length];
        int next = 0;
        for (int s = 0; s < vertices.length; s++) {
            if (component[s] >= 0) {
                continue;
            }
            int top = 0;
            stack[top++] = s;
            component[s] = next;
            while (top > 0) {
                int v = stack[--top];
                for (int k = offsets[v]; k < offsets[v + 1]; k++) {
                    if (!removed[edgeIds[k]] && component[targets[k]] < 0) {
                        component[targets[k]] = next;
                        stack[top++] = targets[k];
                    }
                }
            }
            next++;
        }
        return component;
    }
}
