package io.ostflow.planner.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;

/**
 * One representative per cluster (docs/algorithm.md, 6, paper eq. 7).
 *
 * <ul>
 *   <li>{@code largest} (default): the member with the most labelled cases (Omega); ties go to the
 *       lowest sum of edge weights to the other members (connected pairs only), then to the smaller
 *       id.
 *   <li>{@code centroid} (the authors' script): the member with the least sum of w(v, u) /
 *       (Omega(v) + Omega(u)) over all other source tasks u it is connected to; ties by id.
 * </ul>
 */
public final class Representatives {
    /** The selection rule. */
    public enum Rule {
        LARGEST,
        CENTROID
    }

    private final Rule rule;

    public Representatives(Rule rule) {
        this.rule = rule;
    }

    /**
     * @param clustering the clusters
     * @param samples Omega of every source task
     * @param weight w(a, b), or NaN when a and b are not connected
     * @return the representative of each cluster, in cluster order
     */
    public List<String> choose(
            Clustering clustering,
            Map<String, Integer> samples,
            ToDoubleBiFunction<String, String> weight) {
        List<String> all = clustering.clusters().stream().flatMap(List::stream).sorted().toList();
        List<String> chosen = new ArrayList<>();
        for (List<String> members : clustering.clusters()) {
            Comparator<String> order =
                    rule == Rule.LARGEST
                            ? Comparator.<String>comparingInt(v -> -samples.getOrDefault(v, 0))
                                    .thenComparingDouble(v -> sumOfWeights(v, members, weight))
                            : Comparator.comparingDouble(
                                    v -> centroidScore(v, all, samples, weight));
            chosen.add(
                    members.stream()
                            .min(order.thenComparing(Comparator.naturalOrder()))
                            .orElseThrow());
        }
        return chosen;
    }

    private static double sumOfWeights(
            String v, List<String> members, ToDoubleBiFunction<String, String> weight) {
        double sum = 0;
        for (String u : members) {
            double w = u.equals(v) ? Double.NaN : weight.applyAsDouble(v, u);
            if (!Double.isNaN(w)) {
                sum += w;
            }
        }
        return sum;
    }

    private static double centroidScore(
            String v,
            List<String> all,
            Map<String, Integer> samples,
            ToDoubleBiFunction<String, String> weight) {
        double sum = 0;
        for (String u : all) {
            double w = u.equals(v) ? Double.NaN : weight.applyAsDouble(v, u);
            if (!Double.isNaN(w)) {
                sum += w / (samples.getOrDefault(v, 0) + samples.getOrDefault(u, 0));
            }
        }
        return sum;
    }
}
