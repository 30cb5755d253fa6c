package io.ostflow.local.stack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.common.Topics;
import io.ostflow.common.kafka.KafkaConnection;
import io.ostflow.common.kafka.TopicSnapshot;
import io.ostflow.local.deploy.KafkaAclsTest;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACLs of {@code infra/k8s/users.yaml}, applied to a real broker with SCRAM-SHA-512 and Kafka's
 * standard authorizer (what Strimzi's simple authorization runs): each service's user, connecting
 * as the services' own clients do ({@link KafkaConnection}), writes the topics its channels write,
 * reads the topics they read and commits in its groups, and is refused another service's topic; a
 * wrong password is refused.
 */
class KafkaAclsBrokerTest {
    private static final String PASSWORD = "test-password-not-a-secret";
    @TempDir static Path dir;
    static EmbeddedKafka kafka;
    static String scram;

    @BeforeAll
    static void broker() throws Exception {
        int scramPort = freePort();
        kafka =
                EmbeddedKafka.startWithScram(
                        dir.resolve("kafka"), freePort(), freePort(), scramPort);
        scram = "127.0.0.1:" + scramPort;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : Topics.ALL) {
                topics.add(new NewTopic(topic, 1, (short) 1));
                topics.add(new NewTopic(Topics.deadLetter(topic), 1, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            List<String> users = new ArrayList<>(KafkaAclsTest.USERS.values());
            users.add("ostflow-keda");
            List<AclBinding> acls = new ArrayList<>();
            for (String user : users) {
                admin.alterUserScramCredentials(
                                List.of(
                                        new UserScramCredentialUpsertion(
                                                user,
                                                new ScramCredentialInfo(
                                                        ScramMechanism.SCRAM_SHA_512, 4096),
                                                PASSWORD)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                for (KafkaAclsTest.Grant g : KafkaAclsTest.grants(user)) {
                    acls.add(binding(user, g));
                }
            }
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void eachServiceDoesWhatItsChannelsDoAndNothingOfAnotherServices() throws Exception {
        for (var service : KafkaAclsTest.USERS.entrySet()) {
            KafkaConnection connection = connection(service.getValue(), PASSWORD);
            KafkaAclsTest.Needs needs = KafkaAclsTest.needs(service.getKey());
            for (String topic : needs.writes()) {
                produce(connection, topic);
            }
            for (String topic : needs.reads()) {
                TopicSnapshot.readToEnd(connection, topic, r -> {});
            }
            for (String group : needs.groups()) {
                commitIn(connection, group + "acl-test", needs.reads().iterator().next());
            }
        }
        assertThatThrownBy(
                        () -> produce(connection("ostflow-ingest-worker", PASSWORD), Topics.PLANS))
                .as("the ingest publishes no plan")
                .hasMessageContaining("Not authorized");
        assertThatThrownBy(
                        () ->
                                TopicSnapshot.readToEnd(
                                        connection("ostflow-trainer-worker", PASSWORD),
                                        Topics.DATASETS_REGISTERED,
                                        r -> {}))
                .as("the trainer reads no registration")
                .hasStackTraceContaining("Not authorized");
        assertThatThrownBy(() -> produce(connection("ostflow-keda", PASSWORD), Topics.JOBS))
                .as("KEDA only describes; without Write anywhere even its producer id is refused")
                // The refusal reaches send() either as the failed future or, when the producer's
                // id request lost first, as the transaction manager's error state caused by it.
                .hasStackTraceContaining("authorization failed");
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThatThrownBy(() -> produce(connection("ostflow-planner", "wrong"), Topics.PLANS))
                .hasStackTraceContaining("Authentication failed");
    }

    private static KafkaConnection connection(String user, String password) {
        return KafkaConnection.from(
                Map.of(
                        "bootstrap.servers", scram,
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                        + " username=\""
                                        + user
                                        + "\" password=\""
                                        + password
                                        + "\";",
                        "group.id", "ignored: not a connection setting"));
    }

    private static void produce(KafkaConnection connection, String topic) throws Exception {
        try (var producer =
                new KafkaProducer<>(
                        connection.with(
                                Map.of(
                                        "acks",
                                        "all",
                                        "max.block.ms",
                                        10_000,
                                        "delivery.timeout.ms",
                                        15_000,
                                        "request.timeout.ms",
                                        10_000)),
                        new StringSerializer(),
                        new StringSerializer())) {
            try {
                producer.send(new ProducerRecord<>(topic, "acl-test", null))
                        .get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(
                        topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    private static void commitIn(KafkaConnection connection, String group, String topic) {
        try (var consumer =
                new KafkaConsumer<>(
                        connection.with(
                                Map.of(
                                        "group.id",
                                        group,
                                        "auto.offset.reset",
                                        "earliest",
                                        "enable.auto.commit",
                                        false)),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            consumer.poll(Duration.ofSeconds(5));
            consumer.commitSync(Duration.ofSeconds(10));
        }
    }

    private static AclBinding binding(String user, KafkaAclsTest.Grant g) {
        return new AclBinding(
                new ResourcePattern(
                        ResourceType.fromString(g.type().toUpperCase()),
                        g.name(),
                        g.pattern().equals("prefix") ? PatternType.PREFIXED : PatternType.LITERAL),
                new AccessControlEntry(
                        "User:" + user,
                        "*",
                        AclOperation.fromString(g.operation().toUpperCase()),
                        AclPermissionType.ALLOW));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
