package io.ostflow.planner.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Edge betweenness of an undirected graph by Brandes' algorithm (Brandes 2001, "A faster algorithm
 * for betweenness centrality", extended to edges as in Girvan and Newman 2002): for every source,
 * one shortest-path search (Dijkstra for weighted, BFS for hop counts) counts the shortest paths,
 * then dependencies are accumulated back along them. Each unordered pair of vertices contributes
 * once. Running time O(n m + n^2 log n) weighted, O(n m) unweighted.
 *
 * <p>Vertices are visited in a fixed order (sorted ids), so the floating-point sums, and therefore
 * the ties the caller sees, do not depend on how the graph was built.
 */
public final class EdgeBetweenness {
    private final boolean weighted;

    /**
     * @param weighted shortest paths by edge weight (true) or by hop count (false)
     */
    public EdgeBetweenness(boolean weighted) {
        this.weighted = weighted;
    }

    /** Betweenness of every edge, indexed like {@link IndexedGraph#edges()}. */
    public double[] compute(IndexedGraph g) {
        int n = g.size();
        double[] betweenness = new double[g.edgeCount()];
        double[] distance = new double[n];
        double[] paths = new double[n];
        double[] dependency = new double[n];
        List<List<int[]>> predecessors = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            predecessors.add(new ArrayList<>());
        }
        for (int source = 0; source < n; source++) {
            Arrays.fill(distance, Double.POSITIVE_INFINITY);
            Arrays.fill(paths, 0);
            Arrays.fill(dependency, 0);
            predecessors.forEach(List::clear);
            Deque<Integer> order =
                    weighted
                            ? dijkstra(g, source, distance, paths, predecessors)
                            : bfs(g, source, distance, paths, predecessors);
            while (!order.isEmpty()) {
                int w = order.pop();
                for (int[] predecessor : predecessors.get(w)) {
                    int v = predecessor[0];
                    double share = paths[v] / paths[w] * (1 + dependency[w]);
                    betweenness[predecessor[1]] += share;
                    dependency[v] += share;
                }
            }
        }
        for (int e = 0; e < betweenness.length; e++) {
            betweenness[e] /= 2; // each pair was counted from both ends
        }
        return betweenness;
    }

    /** Returns the vertices in non-increasing distance order (a stack, farthest first). */
    private static Deque<Integer> bfs(
            IndexedGraph g, int s, double[] dist, double[] sigma, List<List<int[]>> pred) {
        Deque<Integer> stack = new ArrayDeque<>();
        Deque<Integer> queue = new ArrayDeque<>();
        dist[s] = 0;
        sigma[s] = 1;
        queue.add(s);
        while (!queue.isEmpty()) {
            int v = queue.poll();
            stack.push(v);
            for (int[] adjacent : g.neighbours(v)) {
                int w = adjacent[0];
                if (dist[w] == Double.POSITIVE_INFINITY) {
                    dist[w] = dist[v] + 1;
                    queue.add(w);
                }
                if (dist[w] == dist[v] + 1) {
                    sigma[w] += sigma[v];
                    pred.get(w).add(new int[] {v, adjacent[1]});
                }
            }
        }
        return stack;
    }

    private static Deque<Integer> dijkstra(
            IndexedGraph g, int s, double[] dist, double[] sigma, List<List<int[]>> pred) {
        Deque<Integer> stack = new ArrayDeque<>();
        boolean[] settled = new boolean[g.size()];
        PriorityQueue<double[]> queue =
                new PriorityQueue<>(
                        (a, b) ->
                                a[0] != b[0]
                                        ? Double.compare(a[0], b[0])
                                        : Double.compare(a[1], b[1]));
        dist[s] = 0;
        sigma[s] = 1;
        queue.add(new double[] {0, s});
        while (!queue.isEmpty()) {
            double[] top = queue.poll();
            int v = (int) top[1];
            if (settled[v]) {
                continue;
            }
            settled[v] = true;
            stack.push(v);
            for (int[] adjacent : g.neighbours(v)) {
                int w = adjacent[0];
                double candidate = dist[v] + g.weight(adjacent[1]);
                if (candidate < dist[w] && !sameLength(candidate, dist[w])) {
                    dist[w] = candidate;
                    sigma[w] = sigma[v];
                    pred.get(w).clear();
                    pred.get(w).add(new int[] {v, adjacent[1]});
                    queue.add(new double[] {candidate, w});
                } else if (sameLength(candidate, dist[w]) && !settled[w]) {
                    sigma[w] += sigma[v];
                    pred.get(w).add(new int[] {v, adjacent[1]});
                }
            }
        }
        return stack;
    }

    /** Path lengths are sums of doubles: equal within 1e-12 relative counts as equal. */
    private static boolean sameLength(double a, double b) {
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b;
        }
        return a == b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
    }
}
