package io.ostflow.affinity.service;

import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.kafka.KafkaConnection;
import io.ostflow.common.kafka.TopicSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Reads the compacted edges topic to its end, latest record per pair: what the worker published
 * before it restarted, so that a restart computes only what is missing.
 */
public final class EdgeHistory {
    private static final Logger LOG = Logger.getLogger(EdgeHistory.class);

    private final KafkaConnection connection;

    public EdgeHistory(KafkaConnection connection) {
        this.connection = connection;
    }

    /** On a plaintext broker (tests). */
    public EdgeHistory(String bootstrapServers) {
        this(KafkaConnection.of(bootstrapServers));
    }

    public Collection<AffinityEdge> readAll() {
        List<AffinityEdge> edges = new ArrayList<>();
        for (Map.Entry<String, String> record :
                TopicSnapshot.latest(connection, Topics.EDGES).entrySet()) {
            try {
                edges.add(Json.mapper().readValue(record.getValue(), AffinityEdge.class));
            } catch (IOException e) {
                LOG.warnf(
                        "ignoring unreadable edge record %s: %s", record.getKey(), e.getMessage());
            }
        }
        LOG.infof("restored %d edges from %s", edges.size(), Topics.EDGES);
        return edges;
    }
}
