package io.ostflow.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.Topics;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack is real: a record goes through the broker, an object through the S3 server (via the
 * MinIO SDK, and via a presigned URL with a plain HTTP client), and both survive a restart.
 */
class LocalStackTest {

    @Test
    void roundTripsThroughKafkaAndS3AndKeepsBothAcrossARestart(@TempDir Path dir) throws Exception {
        String key = "site-" + UUID.randomUUID();
        String objectKey = "01/imagesTr/a b+c_0000.nii.gz";
        int[] ports;
        try (LocalStack stack = LocalStack.start(LocalStackConfig.ephemeral(dir))) {
            ports = portsOf(stack);
            produce(stack, Topics.STORAGE_EVENTS, key, "hello");
            assertThat(consumeAll(stack, Topics.STORAGE_EVENTS)).contains(Map.entry(key, "hello"));

            ObjectStore store = stack.objectStore();
            ObjectStore.StoredObject put =
                    store.put(
                            ObjectKeys.LANDING_BUCKET,
                            objectKey,
                            bytes("voxels"),
                            "application/gzip");
            assertThat(put.etag()).isNotBlank();
            assertThat(store.list(ObjectKeys.LANDING_BUCKET, "01/"))
                    .extracting(ObjectStore.StoredObject::key)
                    .containsExactly(objectKey);
            assertThat(store.get(ObjectKeys.LANDING_BUCKET, objectKey)).isEqualTo(bytes("voxels"));
            assertThat(store.stat(ObjectKeys.LANDING_BUCKET, "01/missing")).isEmpty();

            String url =
                    store.presignGet(ObjectKeys.LANDING_BUCKET, objectKey, Duration.ofMinutes(5));
            HttpResponse<byte[]> response =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(url)).build(),
                                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(bytes("voxels"));
        }

        try (LocalStack again =
                LocalStack.start(
                        LocalStackConfig.ephemeral(dir).withPorts(ports[0], ports[1], ports[2]))) {
            assertThat(consumeAll(again, Topics.STORAGE_EVENTS)).contains(Map.entry(key, "hello"));
            assertThat(again.objectStore().get(ObjectKeys.LANDING_BUCKET, objectKey))
                    .isEqualTo(bytes("voxels"));
        }
    }

    @Test
    void createsEveryTopicWithItsDeadLetterTopicAndCompactsTheStateTopics(@TempDir Path dir)
            throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackConfig.ephemeral(dir));
                Admin admin = Admin.create(stack.kafkaClientConfig())) {
            var names = admin.listTopics().names().get();
            for (String topic : Topics.ALL) {
                assertThat(names).contains(topic, Topics.deadLetter(topic));
            }
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TASKS);
            ConfigEntry policy =
                    admin.describeConfigs(List.of(resource))
                            .all()
                            .get()
                            .get(resource)
                            .get("cleanup.policy");
            assertThat(policy.value()).isEqualTo("compact");
            var described = admin.describeTopics(Topics.ALL).allTopicNames().get();
            for (String topic : Topics.ALL) {
                assertThat(described.get(topic).partitions())
                        .as(topic)
                        .hasSize(Provisioning.partitions(topic));
            }
            assertThat(Provisioning.partitions(Topics.JOBS)).isEqualTo(Provisioning.JOB_PARTITIONS);
            assertThat(Provisioning.partitions(Topics.SITE_CHANGES))
                    .isEqualTo(Provisioning.SITE_PARTITIONS);
        }
    }

    private static int[] portsOf(LocalStack stack) {
        StackEndpoints e = stack.endpoints();
        int kafka = Integer.parseInt(e.kafka().substring(e.kafka().lastIndexOf(':') + 1));
        int s3 = URI.create(e.s3()).getPort();
        return new int[] {kafka, LocalStack.orFreePort(0), s3};
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void produce(LocalStack stack, String topic, String key, String value)
            throws Exception {
        try (var producer =
                new KafkaProducer<>(
                        Map.<String, Object>of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                stack.endpoints().kafka(),
                                ProducerConfig.ACKS_CONFIG,
                                "all"),
                        new StringSerializer(),
                        new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static List<Map.Entry<String, String>> consumeAll(LocalStack stack, String topic) {
        List<Map.Entry<String, String>> seen = new ArrayList<>();
        try (var consumer =
                new KafkaConsumer<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                stack.endpoints().kafka(),
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "test-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 20_000;
            while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    seen.add(Map.entry(record.key(), record.value()));
                }
            }
        }
        return seen;
    }
}
