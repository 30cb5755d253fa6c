package io.ostflow.local.deploy;

import static io.ostflow.local.deploy.DeploymentFilesTest.INFRA;
import static io.ostflow.local.deploy.DeploymentFilesTest.documents;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes Kafka is closed as written and each service's KafkaUser allows exactly what its
 * channels do: what a service needs is derived from its own {@code application.properties}
 * (incoming topics and consumer groups: Read; outgoing and dead-letter topics: Write), plus the
 * topics its own clients read back at start, and compared with users.yaml both ways.
 */
public class KafkaAclsTest {
    private static final Path ROOT = INFRA.getParent();

    /** Each service's KafkaUser. */
    public static final Map<String, String> USERS =
            Map.of(
                    "ingest-worker", "ostflow-ingest-worker",
                    "affinity-worker", "ostflow-affinity-worker",
                    "planner", "ostflow-planner",
                    "trainer-worker", "ostflow-trainer-worker");

    /** Topics a service's own clients read besides its channels (TopicSnapshot at start). */
    private static final Map<String, List<String>> SNAPSHOTS =
            Map.of(
                    "affinity-worker", List.of("ostflow.edges"),
                    "planner", List.of("ostflow.plans", "ostflow.jobs", "ostflow.audits"));

    /** One grant: a resource (type, name, pattern) and an operation. */
    public record Grant(String type, String name, String pattern, String operation) {
        public boolean covers(String type, String name, String operation) {
            return this.type.equals(type)
                    && (this.operation.equals(operation) || this.operation.equals("All"))
                    && (pattern.equals("prefix")
                            ? name.startsWith(this.name)
                            : name.equals(this.name));
        }
    }

    /** What a service's channels and clients do. */
    public record Needs(Set<String> reads, Set<String> writes, Set<String> groups) {}

    @Test
    void everyServiceMayDoWhatItsChannelsDo() throws Exception {
        assertThat(needs("planner").reads()).as("read from the planner's own file").hasSize(13);
        assertThat(needs("ingest-worker").writes())
                .contains("ostflow.tasks", "ostflow.site-changes.dlq");
        for (var service : USERS.entrySet()) {
            Needs needs = needs(service.getKey());
            List<Grant> grants = grants(service.getValue());
            for (String topic : needs.reads()) {
                assertCovered(grants, service.getKey(), "topic", topic, "Read");
                assertCovered(grants, service.getKey(), "topic", topic, "Describe");
            }
            for (String topic : needs.writes()) {
                assertCovered(grants, service.getKey(), "topic", topic, "Write");
                assertCovered(grants, service.getKey(), "topic", topic, "Describe");
            }
            for (String group : needs.groups()) {
                assertCovered(grants, service.getKey(), "group", group, "Read");
            }
        }
    }

    @Test
    void noServiceMayWriteWhatNoneOfItsChannelsWritesNorTouchTheCluster() throws Exception {
        for (var service : USERS.entrySet()) {
            Needs needs = needs(service.getKey());
            for (Grant grant : grants(service.getValue())) {
                assertThat(grant.type()).as(service + ": no cluster grant").isIn("topic", "group");
                assertThat(grant.operation()).as(service + ": no All").isNotEqualTo("All");
                if (grant.operation().equals("Write")) {
                    assertThat(grant.pattern())
                            .as(service + ": Write only literally")
                            .isEqualTo("literal");
                    assertThat(needs.writes())
                            .as(service + " writes " + grant.name())
                            .contains(grant.name());
                }
                if (grant.operation().equals("Read") && grant.type().equals("topic")) {
                    assertThat(needs.reads())
                            .as(service + " reads " + grant.name())
                            .contains(grant.name());
                }
            }
        }
        List<Grant> keda = grants("ostflow-keda");
        assertThat(keda).extracting(Grant::operation).containsOnly("Describe");
        assertCovered(keda, "keda", "group", "ostflow-ingest", "Describe");
        assertCovered(keda, "keda", "group", "ostflow-trainer", "Describe");
    }

    @Test
    void theOnlyListenerIsTlsWithScramAndEveryClientUsesIt() throws Exception {
        JsonNode kafka = only("k8s/kafka.yaml", "Kafka");
        JsonNode listeners = kafka.at("/spec/kafka/listeners");
        assertThat(listeners).hasSize(1);
        assertThat(listeners.get(0).path("tls").asBoolean()).isTrue();
        assertThat(listeners.get(0).at("/authentication/type").asText()).isEqualTo("scram-sha-512");
        assertThat(kafka.at("/spec/kafka/authorization/type").asText()).isEqualTo("simple");
        int port = listeners.get(0).path("port").asInt();

        JsonNode config = only("k8s/config.yaml", "ConfigMap").path("data");
        assertThat(config.path("KAFKA_BOOTSTRAP_SERVERS").asText()).endsWith(":" + port);
        assertThat(config.path("KAFKA_SECURITY_PROTOCOL").asText()).isEqualTo("SASL_SSL");
        assertThat(config.path("KAFKA_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");
        for (JsonNode d : documents(INFRA.resolve("k8s/services.yaml"))) {
            if (d.path("kind").asText().equals("Deployment")) {
                String name = d.at("/metadata/name").asText();
                JsonNode env = d.at("/spec/template/spec/containers/0/env/0");
                assertThat(env.path("name").asText()).isEqualTo("KAFKA_SASL_JAAS_CONFIG");
                assertThat(env.at("/valueFrom/secretKeyRef/name").asText())
                        .as(name + " signs in as its own KafkaUser")
                        .isEqualTo(USERS.get(name));
            }
        }
        for (String file : List.of("k8s/ingest-autoscaler.yaml", "k8s/trainer-autoscaler.yaml")) {
            JsonNode trigger = only(file, "ScaledObject").at("/spec/triggers/0");
            assertThat(trigger.at("/metadata/bootstrapServers").asText()).endsWith(":" + port);
            assertThat(trigger.at("/metadata/sasl").asText()).isEqualTo("scram_sha512");
            assertThat(trigger.at("/metadata/tls").asText()).isEqualTo("enable");
            assertThat(trigger.at("/authenticationRef/name").asText())
                    .isEqualTo(
                            only("k8s/keda-auth.yaml", "TriggerAuthentication")
                                    .at("/metadata/name")
                                    .asText());
        }
    }

    private static void assertCovered(
            List<Grant> grants, String who, String type, String name, String operation) {
        assertThat(grants.stream().anyMatch(g -> g.covers(type, name, operation)))
                .as("%s may %s %s %s", who, operation, type, name)
                .isTrue();
    }

    /** The topics and groups a service's channels use, from its application.properties. */
    public static Needs needs(String service) throws Exception {
        Properties p = new Properties();
        try (Reader in =
                Files.newBufferedReader(
                        ROOT.resolve(service + "/src/main/resources/application.properties"))) {
            p.load(in);
        }
        Set<String> reads = new TreeSet<>(SNAPSHOTS.getOrDefault(service, List.of()));
        Set<String> writes = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        String defaultGroup = p.getProperty("mp.messaging.connector.smallrye-kafka.group.id");
        for (String key : p.stringPropertyNames()) {
            String[] parts = key.split("\\.");
            // mp.messaging.(incoming|outgoing).CHANNEL.topic (channel names have no dots)
            if (parts.length != 5
                    || !key.startsWith("mp.messaging.")
                    || !parts[4].equals("topic")) {
                continue;
            }
            String channel = "mp.messaging." + parts[2] + "." + parts[3];
            String topic = p.getProperty(key);
            if (parts[2].equals("outgoing")) {
                writes.add(topic);
                continue;
            }
            reads.add(topic);
            String group = p.getProperty(channel + ".group.id", defaultGroup);
            groups.add(group.contains("${") ? group.substring(0, group.indexOf("${")) : group);
            String dlq = p.getProperty(channel + ".dead-letter-queue.topic");
            if (dlq != null) {
                writes.add(dlq);
            }
        }
        return new Needs(reads, writes, groups);
    }

    public static List<Grant> grants(String user) throws Exception {
        List<Grant> grants = new ArrayList<>();
        for (JsonNode d : documents(INFRA.resolve("k8s/users.yaml"))) {
            if (!d.at("/metadata/name").asText().equals(user)) {
                continue;
            }
            assertThat(d.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
            for (JsonNode acl : d.at("/spec/authorization/acls")) {
                for (JsonNode op : acl.path("operations")) {
                    grants.add(
                            new Grant(
                                    acl.at("/resource/type").asText(),
                                    acl.at("/resource/name").asText(),
                                    acl.at("/resource/patternType").asText("literal"),
                                    op.asText()));
                }
            }
        }
        assertThat(grants).as("the KafkaUser " + user).isNotEmpty();
        return grants;
    }

    private static JsonNode only(String file, String kind) throws Exception {
        return documents(INFRA.resolve(file)).stream()
                .filter(d -> d.path("kind").asText().equals(kind))
                .findFirst()
                .orElseThrow();
    }
}
