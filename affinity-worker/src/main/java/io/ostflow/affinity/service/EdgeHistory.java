package io.ostflow.affinity.service;

import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.events.AffinityEdge;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads the compacted edges topic to its end, latest record per pair: what the worker published
 * before it restarted, so that a restart computes only what is missing.
 */
public final class EdgeHistory {
    private static final Logger LOG = Logger.getLogger(EdgeHistory.class);

    private final String bootstrapServers;

    public EdgeHistory(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public Collection<AffinityEdge> readAll() {
        Map<String, AffinityEdge> latest = new TreeMap<>();
        try (var consumer =
                new KafkaConsumer<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                                5000),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(Topics.EDGES, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(Topics.EDGES, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!end.entrySet().stream()
                    .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        parse(record).ifPresent(edge -> latest.put(record.key(), edge));
                    }
                }
            }
        }
        LOG.infof("restored %d edges from %s", latest.size(), Topics.EDGES);
        return latest.values();
    }

    private static java.util.Optional<AffinityEdge> parse(ConsumerRecord<String, String> record) {
        try {
            return java.util.Optional.of(
                    Json.mapper().readValue(record.value(), AffinityEdge.class));
        } catch (IOException e) {
            LOG.warnf(
                    "ignoring unreadable edge record %s at offset %d: %s",
                    record.key(), record.offset(), e.getMessage());
            return java.util.Optional.empty();
        }
    }
}
