package io.ostflow.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ostflow.common.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The deployment files name every topic and every service of the code, so they cannot drift:
 * Strimzi topics (with compaction where the code compacts), the compose topic script, compose
 * services and Kubernetes deployments, Prometheus targets, and the trainer's GPU request.
 */
class DeploymentFilesTest {
    private static final Path INFRA = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES =
            List.of("ingest-worker", "affinity-worker", "planner", "trainer-worker");
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @Test
    void kubernetesHasAStrimziTopicForEveryTopicAndDeadLetterTopic() throws Exception {
        List<JsonNode> topics = documents(INFRA.resolve("k8s/topics.yaml"));
        List<String> names = topics.stream().map(t -> t.at("/spec/topicName").asText()).toList();
        for (String topic : Topics.ALL) {
            assertThat(names).contains(topic, Topics.deadLetter(topic));
        }
        for (JsonNode t : topics) {
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
    void composeRunsEveryServiceCreatesEveryTopicAndScrapesEveryService() throws Exception {
        JsonNode compose = yaml.readTree(INFRA.resolve("compose/docker-compose.yml").toFile());
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
        }
        for (String topic : Topics.COMPACTED) {
            assertThat(script)
                    .containsPattern(
                            "for t in [^;]*"
                                    + topic.replace(".", "\\.")
                                    + "[^;]*;[^\\n]*\\n\\s*create \"\\$t\" 1 \"--config cleanup.policy=compact\"");
        }
        String prometheus = Files.readString(INFRA.resolve("compose/prometheus/prometheus.yml"));
        for (String service : SERVICES) {
            assertThat(prometheus).contains(service + ":8080");
        }
    }

    private List<JsonNode> documents(Path file) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it =
                yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
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
