package io.ostflow.local.stack;

import io.ostflow.local.support.Pause;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process),
 * listening on loopback. The only class of ours that touches Kafka's internal server classes.
 *
 * <p>The log directory is formatted once; starting again over the same directory keeps topics,
 * records and committed offsets.
 */
final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class.getName());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats {@code logDir} if needed, starts the broker and waits until it answers. */
    static EmbeddedKafka start(Path logDir, int brokerPort, int controllerPort) {
        return start(logDir, brokerPort, controllerPort, new Properties());
    }

    /**
     * A broker with a second listener, {@code SASL_PLAINTEXT} with SCRAM-SHA-512 on {@code
     * scramPort}, and Kafka's standard authorizer: what the Kubernetes cluster enforces, for tests
     * of its ACLs. The plaintext listener stays open to an anonymous super user, which creates the
     * users, topics and ACLs.
     */
    static EmbeddedKafka startWithScram(
            Path logDir, int brokerPort, int controllerPort, int scramPort) {
        Properties p = new Properties();
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + brokerPort
                        + ",SCRAM://127.0.0.1:"
                        + scramPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        p.put(
                "advertised.listeners",
                "PLAINTEXT://127.0.0.1:" + brokerPort + ",SCRAM://127.0.0.1:" + scramPort);
        p.put(
                "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,SCRAM:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put(
                "listener.name.scram.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:ANONYMOUS");
        return start(logDir, brokerPort, controllerPort, p);
    }

    /**
     * A broker with a second plaintext listener on {@code proxiedPort} that advertises {@code
     * advertisedPort} instead: clients that bootstrap there are told to connect to that port (a
     * {@code FaultProxy} in front of the listener), so all their traffic passes it; clients of the
     * first listener reach the broker directly.
     */
    static EmbeddedKafka startProxied(
            Path logDir, int brokerPort, int controllerPort, int proxiedPort, int advertisedPort) {
        Properties p = new Properties();
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + brokerPort
                        + ",PROXIED://127.0.0.1:"
                        + proxiedPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        p.put(
                "advertised.listeners",
                "PLAINTEXT://127.0.0.1:" + brokerPort + ",PROXIED://127.0.0.1:" + advertisedPort);
        p.put(
                "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,PROXIED:PLAINTEXT,CONTROLLER:PLAINTEXT");
        return start(logDir, brokerPort, controllerPort, p);
    }

    private static EmbeddedKafka start(
            Path logDir, int brokerPort, int controllerPort, Properties overrides) {
        try {
            Files.createDirectories(logDir);
            Properties props = brokerProperties(logDir, brokerPort, controllerPort);
            props.putAll(overrides);
            formatIfNeeded(logDir, controllerPort);
            KafkaRaftServer server =
                    new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + brokerPort;
            EmbeddedKafka kafka = new EmbeddedKafka(server, bootstrap);
            kafka.awaitReady();
            LOG.info(() -> "Kafka broker (KRaft) ready at " + bootstrap + ", data in " + logDir);
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka log directory " + logDir, e);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    private static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + brokerPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The default 128 MiB dedupe buffer does not fit the small heaps of tests and the CLI.
        p.put("log.cleaner.dedupe.buffer.size", "4194304");
        return p;
    }

    private static void formatIfNeeded(Path logDir, int controllerPort) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log directory " + logDir, e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("Kafka broker did not become ready", e);
                    }
                }
                Pause.millis(200);
            }
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka broker stopped");
    }
}
