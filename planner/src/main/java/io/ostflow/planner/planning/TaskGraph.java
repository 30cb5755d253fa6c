package io.ostflow.planner.planning;

import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.TaskRegistered;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * The tasks and affinity edges the planner knows, from {@code ostflow.tasks} and {@code
 * ostflow.edges} (compacted: replayed in full at every start). w(a, b) is an edge's weight, NaN for
 * an unknown or unconnected pair. Not thread-safe: {@link PlanningEngine} owns it and guards it
 * with its monitor.
 */
final class TaskGraph {
    private final Map<TaskId, TaskRegistered> tasks = new TreeMap<>();
    private final Map<String, AffinityEdge> edges = new HashMap<>();

    void put(TaskRegistered task) {
        tasks.put(task.task(), task);
    }

    void put(AffinityEdge edge) {
        edges.put(edge.key(), edge);
    }

    List<TaskRegistered> tasks() {
        return List.copyOf(tasks.values());
    }

    Optional<TaskRegistered> task(String id) {
        return TaskId.isValid(id)
                ? Optional.ofNullable(tasks.get(TaskId.parse(id)))
                : Optional.empty();
    }

    /** The ids of the tasks of one role, sorted. */
    List<String> ids(Role role) {
        return tasks.values().stream()
                .filter(t -> t.role() == role)
                .map(t -> t.task().toString())
                .sorted()
                .toList();
    }

    /** A task's training cases, as registered; empty for a task not (yet) known. */
    OptionalInt trainingCases(String task) {
        return task(task).map(t -> OptionalInt.of(t.samples())).orElse(OptionalInt.empty());
    }

    /** Every task's training cases, by task id. */
    Map<String, Integer> samples() {
        Map<String, Integer> samples = new HashMap<>();
        tasks.values().forEach(t -> samples.put(t.task().toString(), t.samples()));
        return samples;
    }

    List<AffinityEdge> edges() {
        return edges.values().stream().sorted((a, b) -> a.key().compareTo(b.key())).toList();
    }

    Optional<AffinityEdge> edge(String a, String b) {
        return Optional.ofNullable(edges.get(AffinityEdge.key(a, b)));
    }

    /** w(a, b), or NaN when the pair is unknown or unconnected. */
    double weight(String a, String b) {
        AffinityEdge edge = edges.get(AffinityEdge.key(a, b));
        return edge == null || !edge.connected() || edge.weight() == null
                ? Double.NaN
                : edge.weight();
    }

    /** The newest edge-weights version any edge was computed with (0 before the first). */
    long weightsVersion() {
        return edges.values().stream().mapToLong(AffinityEdge::weightsVersion).max().orElse(0);
    }

    /** The weighted graph on {@code vertices}: one edge per connected pair. O(n^2). */
    Graph<String, DefaultWeightedEdge> graph(List<String> vertices) {
        Graph<String, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        vertices.forEach(g::addVertex);
        for (int i = 0; i < vertices.size(); i++) {
            for (int j = i + 1; j < vertices.size(); j++) {
                double w = weight(vertices.get(i), vertices.get(j));
                if (!Double.isNaN(w)) {
                    g.setEdgeWeight(g.addEdge(vertices.get(i), vertices.get(j)), w);
                }
            }
        }
        return g;
    }
}
