package io.ostflow.common.kafka;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a Kafka client needs to reach ostflow's brokers: the bootstrap servers and, on a secured
 * cluster (SCRAM over TLS on Kubernetes, docs/operations.md), the {@code security.*}, {@code
 * sasl.*} and {@code ssl.*} settings. The services' own clients (topic snapshots, the admin client
 * of the flow view) take it from the same {@code kafka.*} configuration their channels use, so they
 * connect wherever the channels do.
 *
 * @param properties the client properties, keys without the {@code kafka.} prefix
 */
public record KafkaConnection(Map<String, Object> properties) {
    public KafkaConnection {
        if (properties.get("bootstrap.servers") == null) {
            throw new IllegalArgumentException("a Kafka connection needs bootstrap.servers");
        }
        properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** A plaintext connection (the local stack and the tests). */
    public static KafkaConnection of(String bootstrapServers) {
        return new KafkaConnection(Map.of("bootstrap.servers", bootstrapServers));
    }

    /**
     * The connection settings among a service's Kafka configuration (Quarkus' {@code
     * default-kafka-broker} map): the bootstrap servers and every {@code security.}, {@code sasl.}
     * and {@code ssl.} key; the rest (serialisers, group ids) belongs to the channels.
     */
    public static KafkaConnection from(Map<String, ?> kafkaConfiguration) {
        Map<String, Object> connection = new TreeMap<>();
        kafkaConfiguration.forEach(
                (key, value) -> {
                    if (key.equals("bootstrap.servers")
                            || key.startsWith("security.")
                            || key.startsWith("sasl.")
                            || key.startsWith("ssl.")) {
                        connection.put(key, value);
                    }
                });
        return new KafkaConnection(connection);
    }

    /** These properties with a client's own settings added. */
    public Map<String, Object> with(Map<String, Object> settings) {
        Map<String, Object> all = new TreeMap<>(properties);
        all.putAll(settings);
        return all;
    }
}
