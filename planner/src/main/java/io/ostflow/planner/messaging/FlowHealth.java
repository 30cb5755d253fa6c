package io.ostflow.planner.messaging;

import io.ostflow.common.kafka.KafkaConnection;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Event-flow health for the dashboard: the consumer lag of every active ostflow consumer group
 * (records on its topics not yet committed), grouped by service.
 */
@ApplicationScoped
public class FlowHealth {

    /**
     * Lag of one consumer group.
     *
     * @param service the service it belongs to
     * @param group consumer group id
     * @param lag records behind the end of its topics
     * @param topics topics it reads
     */
    public record GroupLag(String service, String group, long lag, List<String> topics) {}

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private Admin admin;

    public synchronized List<GroupLag> lag() {
        try {
            Admin client = admin();
            List<String> groups =
                    client.listConsumerGroups().all().get(10, TimeUnit.SECONDS).stream()
                            .map(ConsumerGroupListing::groupId)
                            .filter(id -> id.startsWith("ostflow-"))
                            .sorted()
                            .toList();
            Map<String, ConsumerGroupDescription> described =
                    client.describeConsumerGroups(groups).all().get(10, TimeUnit.SECONDS);
            List<GroupLag> lags = new ArrayList<>();
            for (String group : groups) {
                if (described.get(group).members().isEmpty()) {
                    continue; // a group of a stopped run
                }
                Map<TopicPartition, OffsetAndMetadata> committed =
                        client.listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata()
                                .get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                        client.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                long lag = 0;
                for (var entry : committed.entrySet()) {
                    if (entry.getValue() != null) {
                        lag +=
                                Math.max(
                                        0,
                                        ends.get(entry.getKey()).offset()
                                                - entry.getValue().offset());
                    }
                }
                List<String> topics =
                        committed.keySet().stream()
                                .map(TopicPartition::topic)
                                .distinct()
                                .sorted()
                                .toList();
                lags.add(new GroupLag(serviceOf(group), group, lag, topics));
            }
            return lags;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read consumer lag: " + e.getMessage(), e);
        }
    }

    static String serviceOf(String group) {
        if (group.startsWith("ostflow-ingest")) {
            return "ingest-worker";
        }
        if (group.startsWith("ostflow-affinity")) {
            return "affinity-worker";
        }
        if (group.startsWith("ostflow-planner")) {
            return "planner";
        }
        if (group.startsWith("ostflow-trainer")) {
            return "trainer-worker";
        }
        return "other";
    }

    private Admin admin() {
        if (admin == null) {
            admin =
                    Admin.create(
                            KafkaConnection.from(kafka)
                                    .with(
                                            Map.of(
                                                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                                    10_000)));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
