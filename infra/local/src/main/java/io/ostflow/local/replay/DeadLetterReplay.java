package io.ostflow.local.replay;

import io.ostflow.common.Topics;
import io.ostflow.local.testing.TopicProbe;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends dead-lettered records back to the topic they came from, once the cause is fixed: key, value
 * and the record's own headers (the CloudEvent's {@code ce_*}) unchanged, SmallRye's {@code
 * dead-letter-*} headers dropped, and {@value #REPLAYED_FROM} added. Every consumer is idempotent,
 * so replaying a record twice does no harm. The dead-letter topic is read from its start to the end
 * offsets taken at the start; it is not changed (Kafka has no deletion of single records).
 */
public final class DeadLetterReplay {
    /** Header naming the dead-letter topic a replayed record came from. */
    public static final String REPLAYED_FROM = "ostflow-replayed-from";

    private static final String DEAD_LETTER_HEADER_PREFIX = "dead-letter-";

    private final String bootstrapServers;

    public DeadLetterReplay(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * One dead-lettered record as an operator sees it.
     *
     * @param offset its offset in the dead-letter topic
     */
    public record Entry(long offset, String key, String reason, String value) {}

    /** The original topic of a dead-letter topic. */
    public static String originOf(String deadLetterTopic) {
        if (!deadLetterTopic.endsWith(Topics.DEAD_LETTER_SUFFIX)) {
            throw new IllegalArgumentException(
                    deadLetterTopic
                            + " is not a dead-letter topic (they end in "
                            + Topics.DEAD_LETTER_SUFFIX
                            + ")");
        }
        String origin =
                deadLetterTopic.substring(
                        0, deadLetterTopic.length() - Topics.DEAD_LETTER_SUFFIX.length());
        if (!Topics.ALL.contains(origin)) {
            throw new IllegalArgumentException(
                    "no ostflow topic " + origin + " (from " + deadLetterTopic + ")");
        }
        return origin;
    }

    /** The records of a dead-letter topic whose key matches, with the reason SmallRye recorded. */
    public List<Entry> list(String deadLetterTopic, Predicate<String> key) {
        return list(deadLetterTopic, key, 0);
    }

    /** As {@link #list(String, Predicate)}, from offset {@code from} on. */
    public List<Entry> list(String deadLetterTopic, Predicate<String> key, long from) {
        originOf(deadLetterTopic);
        List<Entry> entries = new ArrayList<>();
        for (ConsumerRecord<String, String> r : read(deadLetterTopic, key, from)) {
            Header reason = r.headers().lastHeader("dead-letter-reason");
            entries.add(
                    new Entry(
                            r.offset(),
                            r.key(),
                            reason == null
                                    ? ""
                                    : new String(reason.value(), StandardCharsets.UTF_8),
                            r.value()));
        }
        return entries;
    }

    /**
     * Republishes the matching records to the original topic and waits for every acknowledgement.
     *
     * @return how many records were sent
     */
    public int replay(String deadLetterTopic, Predicate<String> key) {
        return replay(deadLetterTopic, key, 0);
    }

    /** As {@link #replay(String, Predicate)}, from offset {@code from} on. */
    public int replay(String deadLetterTopic, Predicate<String> key, long from) {
        String origin = originOf(deadLetterTopic);
        List<ConsumerRecord<String, String>> records = read(deadLetterTopic, key, from);
        try (var producer =
                new KafkaProducer<>(
                        Map.<String, Object>of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true),
                        new StringSerializer(),
                        new StringSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ConsumerRecord<String, String> r : records) {
                ProducerRecord<String, String> copy =
                        new ProducerRecord<>(origin, r.key(), r.value());
                for (Header h : r.headers()) {
                    if (!h.key().startsWith(DEAD_LETTER_HEADER_PREFIX)) {
                        copy.headers().add(h);
                    }
                }
                copy.headers().add(REPLAYED_FROM, deadLetterTopic.getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(copy));
            }
            for (var f : sent) {
                f.get();
            }
            return records.size();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot replay to " + origin + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private List<ConsumerRecord<String, String>> read(
            String topic, Predicate<String> key, long from) {
        return new TopicProbe(bootstrapServers)
                .records(topic, key).stream().filter(r -> r.offset() >= from).toList();
    }
}
