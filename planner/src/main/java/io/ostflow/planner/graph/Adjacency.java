package io.ostflow.planner.graph;

/**
 * A mutable copy of an {@link IndexedGraph}'s compressed adjacency from which edges can be removed.
 * Removal shifts the rest of each endpoint's neighbour list left, so the remaining neighbours keep
 * their order: a search over it visits exactly what it would visit on a graph rebuilt without the
 * removed edges, without skipping dead slots. O(degree) per removal.
 */
final class Adjacency {
    private final IndexedGraph graph;
    private final int[] first;
    private final int[] end;
    private final int[] targets;
    private final int[] edges;

    Adjacency(IndexedGraph graph) {
        this.graph = graph;
        int n = graph.size();
        first = new int[n];
        end = new int[n];
        targets = new int[2 * graph.edgeCount()];
        edges = new int[targets.length];
        for (int v = 0; v < n; v++) {
            first[v] = graph.firstNeighbour(v);
            end[v] = graph.endNeighbour(v);
            for (int k = first[v]; k < end[v]; k++) {
                targets[k] = graph.target(k);
                edges[k] = graph.edgeAt(k);
            }
        }
    }

    int size() {
        return first.length;
    }

    int edgeCount() {
        return graph.edgeCount();
    }

    /** Start of v's neighbours in {@link #target(int)} / {@link #edgeAt(int)}. */
    int first(int v) {
        return first[v];
    }

    /** End (exclusive) of v's remaining neighbours. */
    int end(int v) {
        return end[v];
    }

    int target(int slot) {
        return targets[slot];
    }

    int edgeAt(int slot) {
        return edges[slot];
    }

    double weight(int edge) {
        return graph.weight(edge);
    }

    void remove(int edge) {
        for (int v : graph.edge(edge)) {
            int at = first[v];
            while (edges[at] != edge) {
                at++;
            }
            System.arraycopy(targets, at + 1, targets, at, end[v] - at - 1);
            System.arraycopy(edges, at + 1, edges, at, end[v] - at - 1);
            end[v]--;
        }
    }
}
