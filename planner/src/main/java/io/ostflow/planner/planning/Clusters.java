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
 * signature). A reclustering is prepared by {@link #next} and becomes current by {@link #apply}
 * once it was published. Derived state: rebuilt by the first replan after a restart. Not
 * thread-safe: {@link PlanningEngine} owns it and guards it with its monitor.
 */
final class Clusters {
    private final PlannerSettings settings;
    private final Clock clock;
    private ClusterState current = ClusterState.NONE;
    private String signature = "";

    Clusters(PlannerSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    ClusterState current() {
        return current;
    }

    /**
     * A reclustering not yet applied.
     *
     * @param signature the source subgraph it clustered
     * @param state the new clustering and representatives
     * @param event what it publishes
     */
    record Reclustering(String signature, ClusterState state, GraphReclustered event) {}

    /**
     * The reclustering of {@code graph}'s source subgraph when it changed since the last applied
     * one; changes nothing until {@link #apply}.
     */
    Optional<Reclustering> next(TaskGraph graph) {
        Graph<String, DefaultWeightedEdge> sources = graph.graph(graph.ids(Role.SOURCE));
        String now = signature(sources);
        return now.equals(signature)
                ? Optional.empty()
                : Optional.of(recluster(now, sources, graph));
    }

    /** Makes a published reclustering the current one. */
    void apply(Reclustering reclustering) {
        current = reclustering.state();
        signature = reclustering.signature();
    }

    private Reclustering recluster(
            String newSignature, Graph<String, DefaultWeightedEdge> sources, TaskGraph graph) {
        Graph<String, DefaultWeightedEdge> clustered =
                settings.sparsifyK() > 0
                        ? KnnSparsifier.sparsify(sources, settings.sparsifyK())
                        : sources;
        Clustering clustering =
                new GirvanNewman(settings.weightedBetweenness(), settings.clusters())
                        .cluster(IndexedGraph.of(clustered));
        List<String> representatives =
                new Representatives(settings.representativeRule())
                        .choose(clustering, graph.samples(), graph::weight);
        ClusterState next = new ClusterState(clustering, representatives, current.version() + 1);
        Map<String, String> before = representativeOf(current);
        Map<String, String> after = representativeOf(next);
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
        GraphReclustered event =
                new GraphReclustered(
                        next.version(),
                        clusters,
                        clustering.modularity(),
                        settings.weightedBetweenness() ? "weighted" : "unweighted",
                        moved,
                        !current.representatives().equals(representatives),
                        clock.instant());
        return new Reclustering(newSignature, next, event);
    }

    private static Map<String, String> representativeOf(ClusterState state) {
        Map<String, String> of = new HashMap<>();
        for (int c = 0; c < state.clustering().clusters().size(); c++) {
            for (String member : state.clustering().clusters().get(c)) {
                of.put(member, state.representatives().get(c));
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
