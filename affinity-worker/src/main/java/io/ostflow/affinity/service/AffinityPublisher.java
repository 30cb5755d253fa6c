package io.ostflow.affinity.service;

import io.ostflow.affinity.config.Channels;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.AffinityFailed;
import io.ostflow.common.events.AffinityUpdated;
import io.ostflow.common.events.CloudEventMessages;
import io.ostflow.common.events.EventTypes;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes edges and affinity events as binary CloudEvents; returns once the broker has them. */
@ApplicationScoped
public class AffinityPublisher {
    static final URI SOURCE = CloudEventMessages.source("affinity-worker");
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(120);
    private static final int BATCH = 500;

    @Inject
    @Channel(Channels.EDGES)
    MutinyEmitter<String> edges;

    @Inject
    @Channel(Channels.AFFINITY_EVENTS)
    MutinyEmitter<String> events;

    public void edges(List<AffinityEdge> changed) {
        for (int from = 0; from < changed.size(); from += BATCH) {
            List<Uni<Void>> sends = new ArrayList<>();
            for (AffinityEdge edge :
                    changed.subList(from, Math.min(changed.size(), from + BATCH))) {
                sends.add(edges.sendMessage(message(edge.key(), EventTypes.EDGE_COMPUTED, edge)));
            }
            Uni.join().all(sends).andFailFast().await().atMost(ACK_TIMEOUT);
        }
    }

    /** Retires edges: a tombstone per edge key; returns once the broker has them. */
    public void retire(List<String> keys) {
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<Uni<Void>> sends = new ArrayList<>();
            for (String key : keys.subList(from, Math.min(keys.size(), from + BATCH))) {
                sends.add(edges.sendMessage(CloudEventMessages.tombstone(key)));
            }
            Uni.join().all(sends).andFailFast().await().atMost(ACK_TIMEOUT);
        }
    }

    public void updated(AffinityUpdated event) {
        events.sendMessage(message(event.task(), EventTypes.AFFINITY_UPDATED, event))
                .await()
                .atMost(ACK_TIMEOUT);
    }

    public void failed(AffinityFailed event) {
        events.sendMessage(message(event.task(), EventTypes.AFFINITY_FAILED, event))
                .await()
                .atMost(ACK_TIMEOUT);
    }

    private static Message<String> message(String key, String type, Object payload) {
        return CloudEventMessages.message(SOURCE, key, type, payload);
    }
}
