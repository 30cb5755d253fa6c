package io.ostflow.common.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ostflow.common.Json;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Builds the outgoing messages of every service the same way: the payload's JSON, the Kafka key,
 * and the CloudEvents attributes that the Kafka connector writes as {@code ce_*} headers (binary
 * mode). Needs SmallRye Reactive Messaging on the class path (the services have it).
 */
public final class CloudEventMessages {
    private CloudEventMessages() {}

    /** The CloudEvents source of a service, e.g. {@code urn:ostflow:ingest-worker}. */
    public static URI source(String service) {
        return URI.create(EventTypes.SOURCE_PREFIX + service);
    }

    public static Message<String> message(URI source, String key, String type, Object payload) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return Message.of(json)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
                .addMetadata(
                        OutgoingCloudEventMetadata.builder()
                                .withId(UUID.randomUUID().toString())
                                .withType(type)
                                .withSource(source)
                                .withSubject(key)
                                .withTimestamp(ZonedDateTime.now())
                                .withDataContentType("application/json")
                                .build());
    }

    /**
     * A tombstone: a record with {@code key} and no value, which retires the key on a compacted
     * topic (a withdrawn task, its edges, its plan). It carries no CloudEvent attributes, having no
     * event.
     */
    public static Message<String> tombstone(String key) {
        return Message.<String>of(null)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
