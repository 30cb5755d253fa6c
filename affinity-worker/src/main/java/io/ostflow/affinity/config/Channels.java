package io.ostflow.affinity.config;

/** Channel names of the affinity-worker; the topics they map to are in application.properties. */
public final class Channels {
    /** Incoming {@code TaskRegistered} ({@code ostflow.tasks}), replayed from the start. */
    public static final String TASKS = "tasks";

    /** Incoming {@code EdgeWeights} ({@code ostflow.weights}), replayed from the start. */
    public static final String WEIGHTS = "weights";

    /** Outgoing {@code AffinityEdge} ({@code ostflow.edges}). */
    public static final String EDGES = "edges";

    /**
     * Outgoing {@code AffinityUpdated}/{@code AffinityFailed} ({@code ostflow.affinity.events}).
     */
    public static final String AFFINITY_EVENTS = "affinity-events";

    private Channels() {}
}
