package io.ostflow.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ostflow.common.Topics;
import io.ostflow.local.stack.Provisioning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The deployment files name every topic and every service of the code, so they cannot drift:
 * Strimzi topics (with compaction where the code compacts), the compose topic script, compose
 * services and Kubernetes deployments, Prometheus targets, and the trainer's GPU request.
 */
class DeploymentFilesTest {
    static final Path INFRA = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES =
            List.of("ingest-worker", "affinity-worker", "planner", "trainer-worker");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void kubernetesHasAStrimziTopicForEveryTopicAndDeadLetterTopic() throws Exception {
        List<JsonNode> topics = documents(INFRA.resolve("k8s/topics.yaml"));
        List<String> names = topics.stream().map(t -> t.at("/spec/topicName").asText()).toList();
        for (String topic : Topics.ALL) {
            assertThat(names).contains(topic, Topics.deadLetter(topic));
        }
        for (JsonNode t : topics) {
            String name = t.at("/spec/topicName").asText();
            int partitions =
                    name.endsWith(Topics.DEAD_LETTER_SUFFIX) ? 1 : Provisioning.partitions(name);
            assertThat(t.at("/spec/partitions").asInt())
                    .as(name + " partitions")
                    .isEqualTo(partitions);
            boolean compacted = "compact".equals(t.at("/spec/config/cleanup.policy").asText(null));
            assertThat(compacted)
                    .as(t.at("/spec/topicName").asText())
                    .isEqualTo(Topics.COMPACTED.contains(t.at("/spec/topicName").asText()));
        }
    }

    @Test
    void kubernetesDeploysEveryServiceAndTheTrainerAsksForAGpu() throws Exception {
        List<JsonNode> docs = documents(INFRA.resolve("k8s/services.yaml"));
        List<String> deployments =
                docs.stream()
                        .filter(d -> d.path("kind").asText().equals("Deployment"))
                        .map(d -> d.at("/metadata/name").asText())
                        .toList();
        assertThat(deployments).containsExactlyInAnyOrderElementsOf(SERVICES);
        JsonNode trainer =
                docs.stream()
                        .filter(
                                d ->
                                        d.at("/metadata/name").asText().equals("trainer-worker")
                                                && d.path("kind").asText().equals("Deployment"))
                        .findFirst()
                        .orElseThrow();
        assertThat(
                        trainer.at(
                                        "/spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu")
                                .asInt())
                .isEqualTo(1);
        JsonNode scaler = documents(INFRA.resolve("k8s/trainer-autoscaler.yaml")).get(0);
        assertThat(scaler.at("/spec/triggers/0/metadata/topic").asText()).isEqualTo(Topics.JOBS);
    }

    @Test
    void strimziResourcesUseTheV1ApiAndTheClusterTheTopicsName() throws Exception {
        List<JsonNode> cluster = documents(INFRA.resolve("k8s/kafka.yaml"));
        List<JsonNode> all = new ArrayList<>(cluster);
        all.addAll(documents(INFRA.resolve("k8s/topics.yaml")));
        for (JsonNode doc : all) {
            assertThat(doc.path("apiVersion").asText())
                    .as(doc.at("/metadata/name").asText())
                    .isEqualTo("kafka.strimzi.io/v1");
        }
        assertThat(cluster)
                .extracting(d -> d.path("kind").asText())
                .containsExactlyInAnyOrder("Kafka", "KafkaNodePool");
        String name =
                cluster.stream()
                        .filter(d -> d.path("kind").asText().equals("Kafka"))
                        .findFirst()
                        .orElseThrow()
                        .at("/metadata/name")
                        .asText();
        for (JsonNode doc : all) {
            if (!doc.path("kind").asText().equals("Kafka")) {
                assertThat(doc.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(name);
            }
        }
        JsonNode pool =
                cluster.stream()
                        .filter(d -> d.path("kind").asText().equals("KafkaNodePool"))
                        .findFirst()
                        .orElseThrow();
        assertThat(pool.at("/spec/roles"))
                .extracting(JsonNode::asText)
                .contains("controller", "broker");
    }

    @Test
    void kedaStartsAtTheEarliestOffsetAndWaitsOutAJobBeforeScalingDown() throws Exception {
        JsonNode scaler = documents(INFRA.resolve("k8s/trainer-autoscaler.yaml")).get(0);
        JsonNode trigger = scaler.at("/spec/triggers/0/metadata");
        assertThat(trigger.path("offsetResetPolicy").asText()).isEqualTo("earliest");
        assertThat(trigger.path("consumerGroup").asText()).isEqualTo("ostflow-trainer");
        assertThat(trigger.path("lagThreshold").asText()).isEqualTo("1");
        assertThat(scaler.at("/spec/cooldownPeriod").asInt()).isGreaterThanOrEqualTo(3600);
        assertThat(
                        scaler.at(
                                        "/spec/advanced/horizontalPodAutoscalerConfig/behavior/scaleDown/stabilizationWindowSeconds")
                                .asInt())
                .isGreaterThanOrEqualTo(3600);
    }

    @Test
    void eachAutoscalerScalesOnItsGroupsLagUpToOneInstancePerPartition() throws Exception {
        JsonNode trainer = documents(INFRA.resolve("k8s/trainer-autoscaler.yaml")).get(0);
        assertThat(trainer.at("/spec/triggers/0/metadata/topic").asText()).isEqualTo(Topics.JOBS);
        assertThat(trainer.at("/spec/maxReplicaCount").asInt())
                .isEqualTo(Provisioning.partitions(Topics.JOBS));

        JsonNode ingest = documents(INFRA.resolve("k8s/ingest-autoscaler.yaml")).get(0);
        JsonNode trigger = ingest.at("/spec/triggers/0/metadata");
        assertThat(trigger.path("topic").asText()).isEqualTo(Topics.SITE_CHANGES);
        assertThat(trigger.path("consumerGroup").asText())
                .isEqualTo(
                        property("ingest-worker", "mp.messaging.incoming.site-changes.group.id"));
        assertThat(trigger.path("offsetResetPolicy").asText()).isEqualTo("earliest");
        assertThat(ingest.at("/spec/maxReplicaCount").asInt())
                .isEqualTo(Provisioning.partitions(Topics.SITE_CHANGES));
        // the instance that routes notifications and reconciles must always run
        assertThat(ingest.at("/spec/minReplicaCount").asInt()).isEqualTo(1);
    }

    /** A key of a service's application.properties. */
    private static String property(String service, String key) throws Exception {
        Properties p = new Properties();
        try (var in =
                Files.newInputStream(
                        INFRA.resolve(
                                "../" + service + "/src/main/resources/application.properties"))) {
            p.load(in);
        }
        return p.getProperty(key);
    }

    @Test
    void composePinsEveryImageAndTakesMinioFromQuay() throws Exception {
        JsonNode compose = YAML.readTree(INFRA.resolve("compose/docker-compose.yml").toFile());
        compose.path("services")
                .fields()
                .forEachRemaining(
                        e -> {
                            String image = e.getValue().path("image").asText("");
                            if (!image.isEmpty()) {
                                assertThat(image)
                                        .as(e.getKey())
                                        .contains(":")
                                        .doesNotEndWith(":latest");
                            }
                        });
        assertThat(compose.at("/services/minio/image").asText())
                .startsWith("quay.io/minio/minio:RELEASE.");
        assertThat(compose.at("/services/init/image").asText())
                .startsWith("quay.io/minio/mc:RELEASE.");
    }

    /**
     * The OIDC overlay: a pinned Keycloak that imports the realm of the file, and a planner that
     * verifies that realm's tokens; the realm has the two roles the planner maps (viewer,
     * operator), a pipeline client with operator and the audience the planner checks.
     */
    @Test
    void theOidcOverlayPointsThePlannerAtTheRealmItImports() throws Exception {
        JsonNode overlay = YAML.readTree(INFRA.resolve("compose/oidc.yml").toFile());
        assertThat(overlay.at("/services/keycloak/image").asText())
                .startsWith("quay.io/keycloak/keycloak:")
                .doesNotEndWith(":latest");
        assertThat(overlay.at("/services/keycloak/volumes/0").asText())
                .isEqualTo("./keycloak:/opt/keycloak/data/import:ro");
        JsonNode realm =
                new ObjectMapper()
                        .readTree(INFRA.resolve("compose/keycloak/ostflow-realm.json").toFile());
        JsonNode env = overlay.at("/services/planner/environment");
        assertThat(env.path("OSTFLOW_PLANNER_AUTH").asText()).isEqualTo("oidc");
        assertThat(env.path("QUARKUS_OIDC_TENANT_ENABLED").asText()).isEqualTo("true");
        assertThat(env.path("QUARKUS_OIDC_AUTH_SERVER_URL").asText())
                .isEqualTo("http://keycloak:8180/realms/" + realm.path("realm").asText());
        assertThat(overlay.at("/services/keycloak/command").toString()).contains("8180");
        List<String> roles = new ArrayList<>();
        realm.at("/roles/realm").forEach(r -> roles.add(r.path("name").asText()));
        assertThat(roles).containsExactlyInAnyOrder("viewer", "operator");
        String audience = env.path("QUARKUS_OIDC_TOKEN_AUDIENCE").asText();
        realm.path("clients")
                .forEach(
                        c ->
                                assertThat(
                                                c.at("/protocolMappers/0/config")
                                                        .path("included.custom.audience")
                                                        .asText())
                                        .as(c.path("clientId").asText())
                                        .isEqualTo(audience));
        assertThat(realm.toString())
                .contains(
                        "\"serviceAccountClientId\":\"ostflow-pipeline\",\"realmRoles\":[\"operator\"]",
                        "\"serviceAccountClientId\":\"ostflow-prometheus\",\"realmRoles\":[\"viewer\"]");
        // Prometheus scrapes the planner with a token of the realm's Prometheus client
        assertThat(overlay.at("/services/prometheus/volumes/0").asText())
                .startsWith("./prometheus/prometheus-oidc.yml:/etc/prometheus/prometheus.yml");
        JsonNode scrape =
                YAML.readTree(INFRA.resolve("compose/prometheus/prometheus-oidc.yml").toFile())
                        .at("/scrape_configs/1/oauth2");
        assertThat(scrape.path("token_url").asText())
                .isEqualTo(
                        env.path("QUARKUS_OIDC_AUTH_SERVER_URL").asText()
                                + "/protocol/openid-connect/token");
        assertThat(realm.toString())
                .contains(
                        "\"clientId\":\"" + scrape.path("client_id").asText() + "\"",
                        "\"secret\":\"" + scrape.path("client_secret").asText() + "\"");
    }

    @Test
    void kubernetesGivesEachServiceItsOwnSecretAndDeniesIngressByDefault() throws Exception {
        List<JsonNode> services = documents(INFRA.resolve("k8s/services.yaml"));
        java.util.Map<String, String> secretOf = new java.util.TreeMap<>();
        for (JsonNode d : services) {
            if (!d.path("kind").asText().equals("Deployment")) {
                continue;
            }
            String name = d.at("/metadata/name").asText();
            List<String> secrets = new ArrayList<>();
            d.at("/spec/template/spec/containers/0/envFrom")
                    .forEach(
                            e -> {
                                if (e.has("secretRef")) {
                                    secrets.add(e.at("/secretRef/name").asText());
                                }
                            });
            assertThat(secrets).as(name + ": one Secret of its own").hasSize(1);
            secretOf.put(name, secrets.get(0));
            assertThat(d.at("/spec/template/metadata/labels/part-of").asText())
                    .isEqualTo("ostflow");
        }
        assertThat(new java.util.HashSet<>(secretOf.values()))
                .as("no two services share a Secret")
                .hasSize(secretOf.size());
        for (Path file :
                List.of(INFRA.resolve("k8s/config.yaml"), INFRA.resolve("k8s/services.yaml"))) {
            assertThat(documents(file))
                    .as(file + ": no Secret with placeholder values is shipped")
                    .noneMatch(d -> d.path("kind").asText().equals("Secret"));
        }
        List<JsonNode> policies = documents(INFRA.resolve("k8s/network-policies.yaml"));
        JsonNode deny =
                policies.stream()
                        .filter(
                                p ->
                                        p.at("/metadata/name")
                                                .asText()
                                                .equals("ostflow-default-deny-ingress"))
                        .findFirst()
                        .orElseThrow();
        assertThat(deny.at("/spec/podSelector/matchLabels/part-of").asText()).isEqualTo("ostflow");
        assertThat(deny.at("/spec/policyTypes/0").asText()).isEqualTo("Ingress");
        assertThat(deny.at("/spec/ingress").isMissingNode())
                .as("no rule: nothing allowed")
                .isTrue();
        assertThat(policies)
                .filteredOn(
                        p -> p.at("/spec/podSelector/matchLabels/app").asText().equals("planner"))
                .as("only the planner's API is open beyond monitoring")
                .hasSize(1);
        JsonNode kafka =
                documents(INFRA.resolve("k8s/kafka.yaml")).stream()
                        .filter(d -> d.path("kind").asText().equals("Kafka"))
                        .findFirst()
                        .orElseThrow();
        assertThat(
                        kafka.at(
                                        "/spec/kafka/listeners/0/networkPolicyPeers/0/podSelector/matchLabels/part-of")
                                .asText())
                .isEqualTo("ostflow");
    }

    @Test
    void composeIsSafeAsWrittenRequiredSecretsAndLoopbackPorts() throws Exception {
        for (String file : List.of("compose/docker-compose.yml", "compose/oidc.yml")) {
            String text = Files.readString(INFRA.resolve(file));
            var defaulted =
                    java.util.regex.Pattern.compile(
                                    "\\$\\{([A-Z_]*(?:PASSWORD|SECRET|TOKEN)[A-Z_]*):?-")
                            .matcher(text);
            boolean found = defaulted.find();
            assertThat(found)
                    .as(
                            file
                                    + ": a secret with a fallback value"
                                    + (found ? " (" + defaulted.group(1) + ")" : ""))
                    .isFalse();
            assertThat(text).as(file).doesNotContain("change-me");
            JsonNode compose = YAML.readTree(text);
            compose.path("services")
                    .properties()
                    .forEach(
                            service ->
                                    service.getValue()
                                            .path("ports")
                                            .forEach(
                                                    port ->
                                                            assertThat(port.asText())
                                                                    .as(
                                                                            file
                                                                                    + " "
                                                                                    + service
                                                                                            .getKey())
                                                                    .startsWith("127.0.0.1:")));
        }
        JsonNode compose = YAML.readTree(INFRA.resolve("compose/docker-compose.yml").toFile());
        assertThat(compose.at("/services/grafana/environment/GF_AUTH_ANONYMOUS_ENABLED").asText())
                .isEqualTo("false");
        assertThat(compose.at("/services/grafana/environment/GF_SECURITY_ADMIN_PASSWORD").asText())
                .startsWith("${GRAFANA_ADMIN_PASSWORD:?");
        JsonNode prometheus =
                YAML.readTree(INFRA.resolve("compose/prometheus/prometheus.yml").toFile());
        assertThat(prometheus.toString()).doesNotContain("\"credentials\"");
        assertThat(compose.at("/secrets/planner-read-token/environment").asText())
                .isEqualTo("OSTFLOW_PLANNER_READ_TOKEN");
    }

    @Test
    void composeRunsEveryServiceCreatesEveryTopicAndScrapesEveryService() throws Exception {
        JsonNode compose = YAML.readTree(INFRA.resolve("compose/docker-compose.yml").toFile());
        for (String service : SERVICES) {
            assertThat(compose.at("/services/" + service).isMissingNode()).as(service).isFalse();
        }
        assertThat(
                        compose.at("/services/minio/environment/MINIO_NOTIFY_KAFKA_TOPIC_OSTFLOW")
                                .asText())
                .isEqualTo(Topics.STORAGE_EVENTS);
        String script = Files.readString(INFRA.resolve("compose/init/topics.sh"));
        for (String topic : Topics.ALL) {
            assertThat(script).contains(topic);
            boolean compacted = Topics.COMPACTED.contains(topic);
            if (Provisioning.partitions(topic) > 1) {
                assertThat(script)
                        .contains(
                                "create "
                                        + topic
                                        + " "
                                        + Provisioning.partitions(topic)
                                        + (compacted ? " \"--config cleanup.policy=compact\"" : "")
                                        + ";");
            }
        }
        for (String topic : Topics.COMPACTED) {
            if (Provisioning.partitions(topic) > 1) {
                continue;
            }
            assertThat(script)
                    .containsPattern(
                            "for t in [^;]*"
                                    + topic.replace(".", "\\.")
                                    + "[^;]*;[^\\n]*\\n\\s*create \"\\$t\" 1 \"--config cleanup.policy=compact\"");
        }
        // traces: every service exports to the Jaeger of the file
        assertThat(compose.at("/services/jaeger/image").asText())
                .startsWith("jaegertracing/jaeger:");
        // (the services take this environment through the x-service anchor)
        JsonNode env = compose.at("/x-service/environment");
        assertThat(env.path("QUARKUS_OTEL_SDK_DISABLED").asText()).isEqualTo("false");
        assertThat(env.path("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").asText())
                .isEqualTo("http://jaeger:4317");
        String prometheus = Files.readString(INFRA.resolve("compose/prometheus/prometheus.yml"));
        for (String service : SERVICES) {
            assertThat(prometheus).contains(service + ":8080");
        }
    }

    /** Every YAML document of a file (also the Kafka ACL test's reader). */
    static List<JsonNode> documents(Path file) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it =
                YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }
}
