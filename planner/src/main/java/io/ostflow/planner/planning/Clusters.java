package io.ostflow.planner.planning;

import io.ostflow.common.Role;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.GraphReclustered;
import io.ostflow.planner.graph.Clustering;
import io.ostflow.planner.graph.GirvanNewman;
import io.ostflow.planner.graph.IndexedGraph;
import io.ostflow.planner.graph.KnnSparsifier;
import io.ostflow.planner.graph.Representatives;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;

/**
 * The source graph's clustering (Girvan-Newman, docs/algorithm.md section 5) and its
 * representatives (section 6), recomputed only when the source subgraph changed (its SHA-256
 * signature). Derived state: rebuilt by the first replan after a restart. Not thread-safe: {@link
 * PlanningEngine} owns it and guards it with its monitor.
 */
final class Clusters {
    private final PlannerSettings settings;
    private final Clock clock;
    private Clustering clustering = new Clustering(List.of(), 0, 0);
    private List<String> representatives = List.of();
    private String signature = "";
    private long version;

    Clusters(PlannerSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    Clustering clustering() {
        return clustering;
    }

    List<String> representatives() {
        return representatives;
    }

    long version() {
        return version;
    }

    /** Reclusters when the source subgraph of {@code graph} changed; the event when it did. */
    Optional<GraphReclustered> update(TaskGraph graph) {
        Graph<String, DefaultWeightedEdge> sources = graph.graph(graph.ids(Role.SOURCE));
        String now = signature(sources);
        if (now.equals(signature)) {
            return Optional.empty();
        }
        signature = now;
        return Optional.of(recluster(sources, graph));
    }

    private GraphReclustered recluster(
            Graph<String, DefaultWeightedEdge> sources, TaskGraph graph) {
        Map<String, String> before = representativeOf();
        List<String> previousRepresentatives = representatives;
        Graph<String, DefaultWeightedEdge> clustered =
                settings.sparsifyK() > 0
                        ? KnnSparsifier.sparsify(sources, settings.sparsifyK())
                        : sources;
        clustering =
                new GirvanNewman(settings.weightedBetweenness(), settings.clusters())
                        .cluster(IndexedGraph.of(clustered));
        representatives =
                new Representatives(settings.representativeRule())
                        .choose(clustering, graph.samples(), graph::weight);
        version++;
        Map<String, String> after = representativeOf();
        List<String> moved =
                after.keySet().stream()
                        .filter(t -> !after.get(t).equals(before.get(t)))
                        .sorted()
                        .toList();
        List<GraphReclustered.Cluster> clusters = new ArrayList<>();
        for (int c = 0; c < clustering.clusters().size(); c++) {
            clusters.add(
                    new GraphReclustered.Cluster(
                            c, clustering.clusters().get(c), representatives.get(c)));
        }
        return new GraphReclustered(
                version,
                clusters,
                clustering.modularity(),
                settings.weightedBetweenness() ? "weighted" : "unweighted",
                moved,
                !previousRepresentatives.equals(representatives),
                clock.instant());
    }

    private Map<String, String> representativeOf() {
        Map<String, String> of = new HashMap<>();
        for (int c = 0; c < clustering.clusters().size(); c++) {
            for (String member : clustering.clusters().get(c)) {
                of.put(member, representatives.get(c));
            }
        }
        return of;
    }

    private static String signature(Graph<String, DefaultWeightedEdge> g) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        g.vertexSet().stream()
                .sorted()
                .forEach(v -> sha.update((v + ";").getBytes(StandardCharsets.UTF_8)));
        g.edgeSet().stream()
                .map(
                        e ->
                                AffinityEdge.key(g.getEdgeSource(e), g.getEdgeTarget(e))
                                        + "="
                                        + g.getEdgeWeight(e))
                .sorted()
                .forEach(s -> sha.update((s + ";").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha.digest());
    }
}
