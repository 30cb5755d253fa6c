package io.ostflow.planner.graph;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Edge betweenness kept exact while edges are removed one at a time, as Girvan-Newman needs it.
 *
 * <p>Brandes' algorithm sums, over every source s, s's share of each edge on its shortest-path DAG.
 * Removing an edge e changes distances and path counts only from the sources whose DAG held e (for
 * any other source, e was on no shortest path, so every shortest path survives and no new one
 * appears). Those sources, and only those, are searched again; the others' shares are reused. On
 * the dense task graphs the planner clusters, the edge of highest betweenness lies on a few DAGs,
 * so a removal costs a few single-source searches instead of n.
 *
 * <p>Shares are indexed by edge, sorted by source, and each changed edge's total is re-summed in
 * source order: totals equal a fresh computation bit for bit, whatever was removed before. Memory
 * is the sum of the DAG sizes, about n^2 entries; worst-case time per removal is still O(n m log n)
 * (every DAG holds the edge), typically much less.
 */
final class DecrementalBetweenness {
    private static final int PARALLEL_FROM = 4;

    private final Adjacency graph;
    private final EdgeBetweenness engine;
    private final boolean[] removed;
    private final int[] mark;
    private int stamp;
    private final double[] totals;
    private final ThreadLocal<EdgeBetweenness.Search> searches;

    /** Per source: its current shares (its DAG). */
    private final EdgeBetweenness.Shares[] dags;

    /** Per edge: the sources whose DAG holds it, ascending, and their shares, same order. */
    private final int[][] users;

    private final double[][] userShares;
    private final int[] userCount;

    DecrementalBetweenness(IndexedGraph indexed, EdgeBetweenness engine) {
        this.graph = new Adjacency(indexed);
        this.engine = engine;
        int m = graph.edgeCount();
        removed = new boolean[m];
        mark = new int[m];
        totals = new double[m];
        users = new int[m][];
        userShares = new double[m][];
        userCount = new int[m];
        searches = ThreadLocal.withInitial(() -> engine.newSearch(graph));
        int[] all = IntStream.range(0, graph.size()).toArray();
        dags = search(all);
        for (int source : all) {
            for (int i = 0; i < dags[source].edges().length; i++) {
                insert(dags[source].edges()[i], source, dags[source].values()[i]);
            }
        }
        for (int e = 0; e < m; e++) {
            resum(e);
        }
    }

    /** Current betweenness of every edge (0 for removed ones); a live view, do not modify. */
    double[] totals() {
        return totals;
    }

    boolean isRemoved(int edge) {
        return removed[edge];
    }

    /** Removes {@code edge} and brings every total up to date. */
    void remove(int edge) {
        if (removed[edge]) {
            throw new IllegalArgumentException("edge " + edge + " already removed");
        }
        removed[edge] = true;
        graph.remove(edge);
        int[] affected =
                userCount[edge] == 0 ? new int[0] : Arrays.copyOf(users[edge], userCount[edge]);
        EdgeBetweenness.Shares[] fresh = search(affected);
        boolean[] touched = new boolean[totals.length];
        for (int i = 0; i < affected.length; i++) {
            replace(affected[i], fresh[i], touched);
        }
        for (int e = 0; e < touched.length; e++) {
            if (touched[e]) {
                resum(e);
            }
        }
    }

    /**
     * Swaps a source's old DAG for its new one. Most edges stay on the DAG with a new share, so
     * they are updated in place; only edges that left or joined it move entries in the lists.
     */
    private void replace(int source, EdgeBetweenness.Shares next, boolean[] touched) {
        int[] old = dags[source].edges();
        int wasOnDag = ++stamp;
        for (int e : old) {
            mark[e] = wasOnDag;
        }
        int stays = ++stamp;
        for (int j = 0; j < next.edges().length; j++) {
            int e = next.edges()[j];
            double share = next.values()[j];
            if (mark[e] == wasOnDag) {
                mark[e] = stays;
                touched[e] |= update(e, source, share);
            } else {
                insert(e, source, share);
                touched[e] = true;
            }
        }
        for (int e : old) {
            if (mark[e] == wasOnDag) {
                delete(e, source);
                touched[e] = true;
            }
        }
        dags[source] = next;
    }

    /** Single-source passes for the given sources, in parallel; results in the same order. */
    private EdgeBetweenness.Shares[] search(int[] sources) {
        EdgeBetweenness.Shares[] result = new EdgeBetweenness.Shares[sources.length];
        IntStream range = IntStream.range(0, sources.length);
        (sources.length >= PARALLEL_FROM ? range.parallel() : range)
                .forEach(i -> result[i] = engine.sharesFrom(graph, sources[i], searches.get()));
        return result;
    }

    private void resum(int edge) {
        double sum = 0;
        for (int i = 0; i < userCount[edge]; i++) {
            sum += userShares[edge][i];
        }
        totals[edge] = sum;
    }

    private void insert(int edge, int source, double share) {
        int count = userCount[edge];
        if (users[edge] == null) {
            users[edge] = new int[4];
            userShares[edge] = new double[4];
        } else if (count == users[edge].length) {
            users[edge] = Arrays.copyOf(users[edge], count * 2);
            userShares[edge] = Arrays.copyOf(userShares[edge], count * 2);
        }
        int at = -Arrays.binarySearch(users[edge], 0, count, source) - 1;
        System.arraycopy(users[edge], at, users[edge], at + 1, count - at);
        System.arraycopy(userShares[edge], at, userShares[edge], at + 1, count - at);
        users[edge][at] = source;
        userShares[edge][at] = share;
        userCount[edge] = count + 1;
    }

    /** Sets the source's share of the edge; true when it changed. */
    private boolean update(int edge, int source, double share) {
        int at = Arrays.binarySearch(users[edge], 0, userCount[edge], source);
        boolean changed = userShares[edge][at] != share;
        userShares[edge][at] = share;
        return changed;
    }

    private void delete(int edge, int source) {
        int count = userCount[edge];
        int at = Arrays.binarySearch(users[edge], 0, count, source);
        System.arraycopy(users[edge], at + 1, users[edge], at, count - at - 1);
        System.arraycopy(userShares[edge], at + 1, userShares[edge], at, count - at - 1);
        userCount[edge] = count - 1;
    }
}
