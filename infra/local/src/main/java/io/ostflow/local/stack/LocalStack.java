package io.ostflow.local.stack;

import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The embedded default: a real Kafka broker (KRaft) and a real S3 server on loopback, with every
 * ostflow topic and bucket created. Used by tests (through {@code SharedLocalStack}) and by the
 * {@code ostflow} command. Close it to stop both.
 */
public final class LocalStack implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;
    private final StackEndpoints endpoints;

    private LocalStack(EmbeddedKafka kafka, EmbeddedS3 s3, LocalStackConfig config) {
        this.kafka = kafka;
        this.s3 = s3;
        this.endpoints =
                new StackEndpoints(
                        kafka.bootstrapServers(),
                        s3.endpoint(),
                        config.accessKey(),
                        config.secretKey(),
                        ObjectKeys.LANDING_BUCKET,
                        ObjectKeys.FEATURES_BUCKET,
                        ObjectKeys.MODELS_BUCKET);
    }

    /** Starts both servers and provisions topics and buckets; idempotent over the same folder. */
    public static LocalStack start(LocalStackConfig config) {
        int kafkaPort = orFreePort(config.kafkaPort());
        int controllerPort = orFreePort(config.controllerPort());
        return start(
                config,
                EmbeddedKafka.start(config.dataDir().resolve("kafka"), kafkaPort, controllerPort));
    }

    /**
     * A stack whose broker has a second listener on {@code proxiedPort} that advertises {@code
     * advertisedPort}, for fault-injection tests: services that bootstrap at {@code
     * 127.0.0.1:advertisedPort} reach the broker only through what listens there (a proxy that
     * forwards to {@code proxiedPort}), while {@link #endpoints()} stays direct.
     */
    public static LocalStack startProxied(
            LocalStackConfig config, int proxiedPort, int advertisedPort) {
        int kafkaPort = orFreePort(config.kafkaPort());
        int controllerPort = orFreePort(config.controllerPort());
        return start(
                config,
                EmbeddedKafka.startProxied(
                        config.dataDir().resolve("kafka"),
                        kafkaPort,
                        controllerPort,
                        proxiedPort,
                        advertisedPort));
    }

    private static LocalStack start(LocalStackConfig config, EmbeddedKafka kafka) {
        int s3Port = orFreePort(config.s3Port());
        EmbeddedS3 s3;
        try {
            s3 =
                    EmbeddedS3.start(
                            config.dataDir().resolve("s3"),
                            s3Port,
                            config.accessKey(),
                            config.secretKey());
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        LocalStack stack = new LocalStack(kafka, s3, config);
        try {
            Provisioning.provision(stack.endpoints().kafka(), stack.objectStore());
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    public StackEndpoints endpoints() {
        return endpoints;
    }

    /** A client of the stack's S3 server. */
    public ObjectStore objectStore() {
        return ObjectStore.connect(
                endpoints.s3(), endpoints.s3AccessKey(), endpoints.s3SecretKey());
    }

    /** Admin client settings for the broker, for callers that need their own clients. */
    public Map<String, Object> kafkaClientConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafka());
    }

    /**
     * Binds and releases an ephemeral port; good enough for loopback servers started right after.
     */
    static int orFreePort(int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Stops the S3 server, then the broker. */
    @Override
    public void close() {
        s3.close();
        kafka.close();
    }
}
