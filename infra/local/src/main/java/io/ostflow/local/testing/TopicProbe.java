package io.ostflow.local.testing;

import io.ostflow.common.kafka.TopicSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads a topic from the beginning up to its current end, without a consumer group, for tests that
 * assert what a service published. Cheap enough to call inside an Awaitility loop.
 */
public final class TopicProbe {
    private final String bootstrapServers;

    public TopicProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Every record of {@code topic} whose key matches, in partition then offset order. */
    public List<ConsumerRecord<String, String>> records(String topic, Predicate<String> key) {
        List<ConsumerRecord<String, String>> matching = new ArrayList<>();
        TopicSnapshot.readToEnd(
                bootstrapServers,
                topic,
                record -> {
                    if (record.key() != null && key.test(record.key())) {
                        matching.add(record);
                    }
                });
        return matching;
    }

    /** Publishes one record and waits for the broker's acknowledgement. */
    public void publish(String topic, String key, String value) {
        publish(topic, key, value, Map.of());
    }

    /** Publishes one record with headers (e.g. {@code ce_type}) and waits for the broker. */
    public void publish(String topic, String key, String value, Map<String, String> headers) {
        try (var producer =
                new KafkaProducer<>(
                        Map.<String, Object>of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                        new StringSerializer(),
                        new StringSerializer())) {
            var record = new ProducerRecord<>(topic, key, value);
            headers.forEach(
                    (name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
