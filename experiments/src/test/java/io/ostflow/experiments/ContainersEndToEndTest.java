package io.ostflow.experiments;

import io.minio.MinioClient;
import io.minio.SetBucketNotificationArgs;
import io.minio.messages.EventType;
import io.minio.messages.NotificationConfiguration;
import io.minio.messages.QueueConfiguration;
import io.ostflow.common.Topics;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.local.stack.Provisioning;
import io.ostflow.local.stack.StackEndpoints;
import io.ostflow.local.upload.DropUploader;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The end-to-end scenario against a real Apache Kafka and a real MinIO in containers, MinIO
 * publishing its own bucket notifications to Kafka (the uploader only writes objects): the
 * deployment's wiring, not the embedded stand-ins. Runs with {@code ./mvnw -B verify -Pcontainers}
 * on a machine with Docker; without a Docker engine it is skipped.
 */
@Tag("containers")
@Testcontainers(disabledWithoutDocker = true)
class ContainersEndToEndTest extends PipelineScenario {
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    private static final String MINIO_IMAGE = "quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z";
    private static final String MINIO_USER = "ostflow-admin";
    private static final String MINIO_PASSWORD = "ostflow-admin-secret";

    /** The notification target MINIO_NOTIFY_KAFKA_*_OSTFLOW defines, as the compose file does. */
    private static final String KAFKA_TARGET = "arn:minio:sqs::OSTFLOW:kafka";

    private Network network;
    private KafkaContainer kafka;
    private GenericContainer<?> minio;
    private StackEndpoints endpoints;
    private ObjectStore store;

    @Override
    void startStack() throws Exception {
        network = Network.newNetwork();
        kafka = new KafkaContainer(KAFKA_IMAGE).withNetwork(network).withListener("kafka:19092");
        kafka.start();
        minio =
                new GenericContainer<>(MINIO_IMAGE)
                        .withNetwork(network)
                        .withCommand("server", "/data")
                        .withExposedPorts(9000)
                        .withEnv("MINIO_ROOT_USER", MINIO_USER)
                        .withEnv("MINIO_ROOT_PASSWORD", MINIO_PASSWORD)
                        .withEnv("MINIO_NOTIFY_KAFKA_ENABLE_OSTFLOW", "on")
                        .withEnv("MINIO_NOTIFY_KAFKA_BROKERS_OSTFLOW", "kafka:19092")
                        .withEnv("MINIO_NOTIFY_KAFKA_TOPIC_OSTFLOW", Topics.STORAGE_EVENTS)
                        .withEnv("MINIO_NOTIFY_KAFKA_QUEUE_DIR_OSTFLOW", "/data/.notify-queue")
                        .waitingFor(Wait.forHttp("/minio/health/live").forPort(9000));
        minio.start();
        String s3 = "http://" + minio.getHost() + ":" + minio.getMappedPort(9000);
        endpoints =
                new StackEndpoints(
                        kafka.getBootstrapServers(),
                        s3,
                        MINIO_USER,
                        MINIO_PASSWORD,
                        ObjectKeys.LANDING_BUCKET,
                        ObjectKeys.FEATURES_BUCKET,
                        ObjectKeys.MODELS_BUCKET);
        store = ObjectStore.connect(s3, MINIO_USER, MINIO_PASSWORD);
        Provisioning.provision(endpoints.kafka(), store);
        notifyKafkaOnUploads(s3);
    }

    /** What {@code mc event add ... --event put,delete} does in infra/compose/init/init.sh. */
    private static void notifyKafkaOnUploads(String s3) throws Exception {
        QueueConfiguration queue = new QueueConfiguration();
        queue.setQueue(KAFKA_TARGET);
        queue.setEvents(List.of(EventType.OBJECT_CREATED_PUT, EventType.OBJECT_REMOVED_DELETE));
        NotificationConfiguration config = new NotificationConfiguration();
        config.setQueueConfigurationList(List.of(queue));
        MinioClient.builder()
                .endpoint(s3)
                .credentials(MINIO_USER, MINIO_PASSWORD)
                .build()
                .setBucketNotification(
                        SetBucketNotificationArgs.builder()
                                .bucket(ObjectKeys.LANDING_BUCKET)
                                .config(config)
                                .build());
    }

    @Override
    StackEndpoints endpoints() {
        return endpoints;
    }

    @Override
    DropUploader uploader() {
        return DropUploader.objectsOnly(store, ObjectKeys.LANDING_BUCKET, Clock.systemUTC());
    }

    @Override
    void stopStack() {
        for (AutoCloseable closeable : new AutoCloseable[] {minio, kafka, network}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // Best effort: Testcontainers' reaper removes what is left.
            }
        }
    }
}
