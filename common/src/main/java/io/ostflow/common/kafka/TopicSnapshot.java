package io.ostflow.common.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The latest value per key of a (compacted) topic, read from the beginning to the end offsets taken
 * at the start, without a consumer group. Services use it to learn what they published before a
 * restart. Needs kafka-clients on the class path (the services have it).
 */
public final class TopicSnapshot {
    private TopicSnapshot() {}

    /** Latest value per key, in first-seen key order; tombstones remove the key. */
    public static Map<String, String> latest(String bootstrapServers, String topic) {
        return latest(KafkaConnection.of(bootstrapServers), topic);
    }

    /** As {@link #latest(String, String)}, on a connection that may be secured. */
    public static Map<String, String> latest(KafkaConnection connection, String topic) {
        Map<String, String> latest = new LinkedHashMap<>();
        readToEnd(
                connection,
                topic,
                record -> {
                    if (record.key() == null) {
                        return;
                    }
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), record.value());
                    }
                });
        return latest;
    }

    /**
     * Hands every record of {@code topic}, from the beginning up to the end offsets taken at the
     * start, to {@code sink}, partition by partition in offset order.
     */
    public static void readToEnd(
            String bootstrapServers, String topic, Consumer<ConsumerRecord<String, String>> sink) {
        readToEnd(KafkaConnection.of(bootstrapServers), topic, sink);
    }

    /** As {@link #readToEnd(String, String, Consumer)}, on a connection that may be secured. */
    public static void readToEnd(
            KafkaConnection connection,
            String topic,
            Consumer<ConsumerRecord<String, String>> sink) {
        try (var consumer =
                new KafkaConsumer<>(
                        connection.with(
                                Map.of(
                                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                        false,
                                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                                        5000)),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!end.entrySet().stream()
                    .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    sink.accept(record);
                }
            }
        }
    }
}
