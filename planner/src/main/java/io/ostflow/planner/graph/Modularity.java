package io.ostflow.planner.graph;

/**
 * Newman-Girvan modularity Q = sum over clusters c of (L_c / m - (d_c / 2m)^2), with L_c the edges
 * inside c and d_c the summed degrees of its members, on the unweighted original graph: the edge
 * weights are costs (lower = closer), not strengths, so they are not used as such.
 */
final class Modularity {
    private Modularity() {}

    static double of(IndexedGraph graph, int[] labels) {
        int m = graph.edgeCount();
        if (m == 0) {
            return 0;
        }
        int clusters = 0;
        for (int label : labels) {
            clusters = Math.max(clusters, label + 1);
        }
        double[] inside = new double[clusters];
        double[] degrees = new double[clusters];
        for (int e = 0; e < m; e++) {
            int[] edge = graph.edge(e);
            degrees[labels[edge[0]]]++;
            degrees[labels[edge[1]]]++;
            if (labels[edge[0]] == labels[edge[1]]) {
                inside[labels[edge[0]]]++;
            }
        }
        double q = 0;
        for (int c = 0; c < clusters; c++) {
            q += inside[c] / m - Math.pow(degrees[c] / (2.0 * m), 2);
        }
        return q;
    }
}
