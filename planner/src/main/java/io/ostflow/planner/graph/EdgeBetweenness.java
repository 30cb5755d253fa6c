package io.ostflow.planner.graph;

import java.util.Arrays;

/**
 * Edge betweenness of an undirected graph by Brandes' algorithm (Brandes 2001, "A faster algorithm
 * for betweenness centrality", extended to edges as in Girvan and Newman 2002): for every source,
 * one shortest-path search (Dijkstra for weighted, BFS for hop counts) counts the shortest paths,
 * then dependencies are accumulated back in order of decreasing distance. Each unordered pair of
 * vertices contributes once. Running time O(n m log n) weighted, O(n m) unweighted.
 *
 * <p>Each edge's total is summed over the sources in index order (sorted ids), so the
 * floating-point sums, and therefore the ties the caller sees, do not depend on how the graph was
 * built, on the thread count, or on which edges were removed before.
 */
public final class EdgeBetweenness {
    private final boolean weighted;

    /**
     * @param weighted shortest paths by edge weight (true) or by hop count (false)
     */
    public EdgeBetweenness(boolean weighted) {
        this.weighted = weighted;
    }

    /** Betweenness of every edge, indexed like {@link IndexedGraph#edge(int)}. */
    public double[] compute(IndexedGraph g) {
        return new DecrementalBetweenness(g, this).totals();
    }

    /** One source's share of every edge on its shortest-path DAG (each edge at most once). */
    record Shares(int[] edges, double[] values) {
        static final Shares NONE = new Shares(new int[0], new double[0]);
    }

    /**
     * The contributions of the paths starting at {@code source} over what is left of the graph:
     * Brandes' dependency accumulation in order of decreasing distance. Each unordered pair is seen
     * from both ends, so shares are halved.
     */
    Shares sharesFrom(Adjacency g, int source, Search search) {
        int reached = weighted ? search.dijkstra(g, source) : search.bfs(g, source);
        Arrays.fill(search.dependency, 0);
        int count = 0;
        for (int k = reached - 1; k > 0; k--) {
            int w = search.order[k];
            double factor = (1 + search.dependency[w]) / search.paths[w];
            for (int slot = g.first(w), end = g.end(w); slot < end; slot++) {
                int edge = g.edgeAt(slot);
                int v = g.target(slot);
                if (search.isPredecessor(g, v, w, edge)) {
                    double share = search.paths[v] * factor;
                    search.dagEdges[count] = edge;
                    search.dagShares[count++] = share / 2;
                    search.dependency[v] += share;
                }
            }
        }
        return count == 0
                ? Shares.NONE
                : new Shares(
                        Arrays.copyOf(search.dagEdges, count),
                        Arrays.copyOf(search.dagShares, count));
    }

    Search newSearch(Adjacency g) {
        return new Search(g.size(), g.edgeCount());
    }

    /** Reusable arrays of one single-source search. */
    final class Search {
        final double[] distance;
        final double[] paths;
        final double[] dependency;
        final int[] order;
        private final boolean[] settled;
        private final Heap heap;
        private final int[] dagEdges;
        private final double[] dagShares;

        Search(int n, int m) {
            dagEdges = new int[m];
            dagShares = new double[m];
            distance = new double[n];
            paths = new double[n];
            dependency = new double[n];
            order = new int[n];
            settled = new boolean[n];
            heap = new Heap(n);
        }

        boolean isPredecessor(Adjacency g, int v, int w, int edge) {
            if (distance[v] >= distance[w]) {
                return false;
            }
            if (!weighted) {
                return distance[v] + 1 == distance[w];
            }
            double through = distance[v] + g.weight(edge);
            return through == distance[w] || sameLength(through, distance[w]);
        }

        int bfs(Adjacency g, int s) {
            reset(s);
            int head = 0;
            int tail = 0;
            order[tail++] = s;
            settled[s] = true;
            while (head < tail) {
                int v = order[head++];
                for (int k = g.first(v), end = g.end(v); k < end; k++) {
                    int w = g.target(k);
                    if (!settled[w]) {
                        settled[w] = true;
                        distance[w] = distance[v] + 1;
                        order[tail++] = w;
                    }
                    if (distance[w] == distance[v] + 1) {
                        paths[w] += paths[v];
                    }
                }
            }
            return tail;
        }

        /** Dijkstra with a binary heap, settling vertices in (distance, index) order. */
        int dijkstra(Adjacency g, int s) {
            reset(s);
            boolean[] done = settled;
            int count = 0;
            heap.clear();
            heap.push(0, s);
            while (!heap.isEmpty()) {
                int v = heap.popVertex();
                if (done[v]) {
                    continue;
                }
                done[v] = true;
                order[count++] = v;
                relax(g, v);
            }
            return count;
        }

        /** Relaxes the edges of the just-settled v, counting equally short paths. */
        private void relax(Adjacency g, int v) {
            for (int k = g.first(v), end = g.end(v); k < end; k++) {
                int w = g.target(k);
                if (settled[w]) {
                    continue;
                }
                double candidate = distance[v] + g.weight(g.edgeAt(k));
                double known = distance[w];
                // Same rule as sameLength(candidate, known), with the common "longer" case first.
                if (candidate > known) {
                    if (candidate - known <= 1e-12 * candidate) {
                        paths[w] += paths[v];
                    }
                } else if (known != Double.POSITIVE_INFINITY
                        && known - candidate <= 1e-12 * known) {
                    paths[w] += paths[v];
                } else {
                    distance[w] = candidate;
                    paths[w] = paths[v];
                    heap.push(candidate, w);
                }
            }
        }

        private void reset(int s) {
            Arrays.fill(distance, Double.POSITIVE_INFINITY);
            Arrays.fill(paths, 0);
            Arrays.fill(settled, false);
            distance[s] = 0;
            paths[s] = 1;
        }
    }

    /** Path lengths are sums of doubles: equal within 1e-12 relative counts as equal. */
    static boolean sameLength(double a, double b) {
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b;
        }
        return a == b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
    }

    /** A binary min-heap of (distance, vertex) with lazy deletion, on primitive arrays. */
    private static final class Heap {
        private double[] keys;
        private int[] vertices;
        private int size;

        Heap(int capacity) {
            keys = new double[Math.max(4, capacity)];
            vertices = new int[keys.length];
        }

        void clear() {
            size = 0;
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(double key, int vertex) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                vertices = Arrays.copyOf(vertices, size * 2);
            }
            int i = size++;
            while (i > 0 && less(key, vertex, keys[(i - 1) / 2], vertices[(i - 1) / 2])) {
                keys[i] = keys[(i - 1) / 2];
                vertices[i] = vertices[(i - 1) / 2];
                i = (i - 1) / 2;
            }
            keys[i] = key;
            vertices[i] = vertex;
        }

        int popVertex() {
            int top = vertices[0];
            double key = keys[--size];
            int vertex = vertices[size];
            int i = 0;
            while (2 * i + 1 < size) {
                int child = 2 * i + 1;
                if (child + 1 < size
                        && less(
                                keys[child + 1],
                                vertices[child + 1],
                                keys[child],
                                vertices[child])) {
                    child++;
                }
                if (!less(keys[child], vertices[child], key, vertex)) {
                    break;
                }
                keys[i] = keys[child];
                vertices[i] = vertices[child];
                i = child;
            }
            keys[i] = key;
            vertices[i] = vertex;
            return top;
        }

        private static boolean less(double k1, int v1, double k2, int v2) {
            return k1 < k2 || (k1 == k2 && v1 < v2);
        }
    }
}
