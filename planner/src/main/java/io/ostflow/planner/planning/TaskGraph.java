package io.ostflow.planner.planning;

import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.events.TrainingJob.Joint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;
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

    /** Retires a withdrawn task and every edge it has (a tombstone on the tasks topic). */
    void remove(TaskId id) {
        tasks.remove(id);
        String name = id.toString();
        edges.values().removeIf(e -> e.a().equals(name) || e.b().equals(name));
    }

    /** Retires an edge (a tombstone on the edges topic, keyed by the two task ids sorted). */
    void removeEdge(String key) {
        edges.remove(key);
    }

    /** Whether a task id is registered now (false for one withdrawn). */
    boolean contains(String id) {
        return task(id).isPresent();
    }

    /** The tasks a job trained or evaluated on that are no longer registered, sorted. */
    List<String> withdrawnOf(TrainingJob job) {
        return job.stages().stream()
                .flatMap(
                        s ->
                                Stream.concat(
                                        Stream.of(s.task()), s.joint().stream().map(Joint::task)))
                .filter(t -> !contains(t))
                .distinct()
                .sorted()
                .toList();
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
