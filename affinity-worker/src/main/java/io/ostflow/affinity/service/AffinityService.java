package io.ostflow.affinity.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.AffinityFailed;
import io.ostflow.common.events.AffinityUpdated;
import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.weights.EdgeWeighting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Applies tasks and weights to the graph and publishes what changed. Before the first of them, the
 * edges published by an earlier run are restored.
 */
@ApplicationScoped
public class AffinityService {
    private static final Logger LOG = Logger.getLogger(AffinityService.class);

    @Inject AffinityGraph graph;

    @Inject AffinityPublisher publisher;

    @Inject EdgeHistory history;

    @Inject MeterRegistry registry;

    private boolean restored;

    public void onTask(TaskRegistered task) {
        ensureRestored();
        long started = System.nanoTime();
        AffinityGraph.Update update;
        try {
            update = graph.add(task);
        } catch (FeatureSource.FeatureUnavailableException e) {
            LOG.warnf("affinity of %s failed: %s %s", task.task(), e.reason(), e.getMessage());
            publisher.failed(
                    new AffinityFailed(
                            task.task().toString(),
                            task.datasetVersion(),
                            e.reason(),
                            e.getMessage()));
            registry.counter("ostflow.affinity.failed", "reason", e.reason()).increment();
            return;
        }
        publisher.edges(update.changed());
        registry.timer("ostflow.affinity.update")
                .record(Duration.ofNanos(System.nanoTime() - started));
        registry.counter("ostflow.affinity.pairs.computed").increment(update.pairsComputed());
        if (!update.changed().isEmpty()) {
            publisher.updated(
                    new AffinityUpdated(
                            task.task().toString(),
                            task.datasetVersion(),
                            update.changed().size(),
                            update.pairsComputed(),
                            graph.weights().version()));
            LOG.infof(
                    "%s: %d edges published, %d pairs computed, %.0f ms",
                    task.task(),
                    update.changed().size(),
                    update.pairsComputed(),
                    (System.nanoTime() - started) / 1e6);
        }
    }

    /**
     * Retires a withdrawn task (a tombstone on the tasks topic): tombstones for its edges, then the
     * edges that min-max ranges without it re-weight. Idempotent: a task not known retires nothing.
     */
    public void onTaskWithdrawn(TaskId task) {
        ensureRestored();
        AffinityGraph.Removal removal = graph.remove(task);
        publisher.retire(removal.retired());
        publisher.edges(removal.reweighed());
        LOG.infof(
                "%s withdrawn: %d edges retired, %d re-weighted",
                task, removal.retired().size(), removal.reweighed().size());
    }

    /**
     * Re-weights every edge with {@code weights}.
     *
     * @throws IllegalArgumentException (the record goes to the dead-letter topic with the reason,
     *     the current weights stay) when they could make an edge negative
     */
    public void onWeights(EdgeWeights weights) {
        EdgeWeighting.requireNonNegative(weights);
        ensureRestored();
        AffinityGraph.Update update = graph.setWeights(weights);
        publisher.edges(update.changed());
        LOG.infof(
                "weights version %d: %d edges re-weighted",
                weights.version(), update.changed().size());
    }

    private synchronized void ensureRestored() {
        if (!restored) {
            history.readAll().forEach(graph::restore);
            restored = true;
        }
    }
}
