package io.ostflow.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every custom resource in {@code infra/k8s} (Strimzi topics, cluster and node pool, the KEDA
 * scaler) against the published CustomResourceDefinitions vendored in {@code infra/k8s/crds}
 * (Strimzi 1.2.0, KEDA 2.20.2; see its README), as the API server would check them: an apiVersion
 * the CRD serves, and its {@code openAPIV3Schema} with strict field validation.
 */
class KubernetesSchemaTest {
    private static final Path K8S = Path.of("..", "k8s").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, JsonNode> CRDS = new HashMap<>();

    @BeforeAll
    static void loadCrds() throws Exception {
        try (Stream<Path> files = Files.list(K8S.resolve("crds"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                JsonNode crd = YAML.readTree(file.toFile());
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                CRDS.put(group + "/" + kind, crd);
            }
        }
    }

    @Test
    void everyCustomResourceOfTheManifestsIsValidForItsPublishedSchema() throws Exception {
        int checked = 0;
        for (JsonNode resource : manifests()) {
            String apiVersion = resource.path("apiVersion").asText();
            if (!apiVersion.contains("/")
                    || apiVersion.startsWith("apps/")
                    || apiVersion.startsWith("networking.k8s.io/")) {
                continue; // core Kubernetes types, not custom resources
            }
            String kind = resource.path("kind").asText();
            String name = kind + " " + resource.path("metadata").path("name").asText();
            StructuralSchema schema =
                    schemaFor(apiVersion, kind)
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    name
                                                            + ": no vendored CRD serves "
                                                            + apiVersion));
            assertThat(schema.validate(resource)).as(name).isEmpty();
            checked++;
        }
        assertThat(checked).as("custom resources checked").isGreaterThanOrEqualTo(10);
    }

    @Test
    void theSchemasCatchWhatTheApiServerWouldReject() throws Exception {
        JsonNode topic =
                manifests().stream()
                        .filter(r -> r.path("kind").asText().equals("KafkaTopic"))
                        .findFirst()
                        .orElseThrow();
        StructuralSchema topics = schemaFor("kafka.strimzi.io/v1", "KafkaTopic").orElseThrow();
        assertThat(topics.validate(topic)).isEmpty();

        ObjectNode typo = topic.deepCopy();
        ((ObjectNode) typo.get("spec")).put("partitons", 4);
        assertThat(topics.validate(typo)).containsExactly("spec.partitons: unknown field");

        ObjectNode wrongType = topic.deepCopy();
        ((ObjectNode) wrongType.get("spec")).put("partitions", "four");
        assertThat(topics.validate(wrongType))
                .singleElement()
                .asString()
                .startsWith("spec.partitions: must be integer");

        assertThat(schemaFor("kafka.strimzi.io/v1beta2", "KafkaTopic"))
                .as("Strimzi 1.x no longer serves v1beta2")
                .isEmpty();

        JsonNode kafka =
                manifests().stream()
                        .filter(r -> r.path("kind").asText().equals("Kafka"))
                        .findFirst()
                        .orElseThrow();
        StructuralSchema clusters = schemaFor("kafka.strimzi.io/v1", "Kafka").orElseThrow();
        ObjectNode deepTypo = kafka.deepCopy();
        ((ObjectNode) deepTypo.path("spec").path("kafka"))
                .set("listners", deepTypo.path("spec").path("kafka").path("listeners"));
        assertThat(clusters.validate(deepTypo)).contains("spec.kafka.listners: unknown field");
        ObjectNode badListener = kafka.deepCopy();
        ((ObjectNode) badListener.path("spec").path("kafka").path("listeners").get(0))
                .put("type", "carrier-pigeon");
        assertThat(clusters.validate(badListener))
                .anyMatch(e -> e.startsWith("spec.kafka.listeners[0].type: must be one of"));

        JsonNode scaler =
                manifests().stream()
                        .filter(r -> r.path("kind").asText().equals("ScaledObject"))
                        .findFirst()
                        .orElseThrow();
        StructuralSchema scalers = schemaFor("keda.sh/v1alpha1", "ScaledObject").orElseThrow();
        ObjectNode noTarget = scaler.deepCopy();
        ((ObjectNode) noTarget.get("spec")).remove("scaleTargetRef");
        assertThat(scalers.validate(noTarget)).contains("spec.scaleTargetRef: required");
    }

    private static Optional<StructuralSchema> schemaFor(String apiVersion, String kind) {
        String group = apiVersion.substring(0, apiVersion.indexOf('/'));
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        JsonNode crd = CRDS.get(group + "/" + kind);
        if (crd == null) {
            return Optional.empty();
        }
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("name").asText().equals(version) && v.path("served").asBoolean()) {
                return Optional.of(new StructuralSchema(v.path("schema").path("openAPIV3Schema")));
            }
        }
        return Optional.empty();
    }

    private static List<JsonNode> manifests() throws Exception {
        List<JsonNode> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var docs =
                        YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        if (doc != null && doc.has("kind")) {
                            resources.add(doc);
                        }
                    }
                }
            }
        }
        return resources;
    }
}
