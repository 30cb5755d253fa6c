package io.ostflow.ingest;

import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.events.DatasetReceived;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.DatasetRejected;
import io.ostflow.common.events.DatasetWithdrawn;
import io.ostflow.common.events.EventTypes;
import io.ostflow.common.events.SiteChanged;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.fingerprint.StageTimes;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.ingest.config.IngestConfig;
import io.ostflow.ingest.domain.SiteChanges;
import io.ostflow.ingest.service.DropProcessor;
import io.ostflow.ingest.service.IngestEvents;
import io.ostflow.ingest.wiring.IngestBeans;
import io.ostflow.local.testing.TopicProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A second ingest-worker beside the Quarkus one, as a test can run it in the same JVM: a plain
 * consumer in the service's group on the site-changes topic, its own drop processor (built as the
 * service builds it, with its own pools) and its own producer of the service's events. It commits
 * each record after processing, as the service does, and remembers which sites it decided.
 */
final class SecondIngestInstance implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final TopicProbe probe;
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ExecutorService io = Executors.newFixedThreadPool(4);
    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private final DropProcessor processor;
    private final Set<String> decided = ConcurrentHashMap.newKeySet();
    private volatile Set<TopicPartition> assignment = Set.of();

    SecondIngestInstance(String bootstrap, String groupId, IngestConfig config, ObjectStore store) {
        consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ConsumerConfig.GROUP_ID_CONFIG,
                                groupId,
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new StringDeserializer(),
                        new StringDeserializer());
        probe = new TopicProbe(bootstrap);
        processor =
                IngestBeans.dropProcessor(
                        config,
                        store,
                        new ProducerEvents(),
                        new StageTimes(),
                        Clock.systemUTC(),
                        workers,
                        io);
    }

    void start() {
        loop.submit(this::run);
    }

    /** The partitions this instance holds now. */
    Set<TopicPartition> assignment() {
        return assignment;
    }

    /** The sites whose drops this instance registered or rejected. */
    Set<String> decided() {
        return Set.copyOf(decided);
    }

    private void run() {
        consumer.subscribe(List.of(Topics.SITE_CHANGES));
        try {
            while (!Thread.currentThread().isInterrupted()) {
                var records = consumer.poll(Duration.ofMillis(200));
                assignment = Set.copyOf(consumer.assignment());
                for (ConsumerRecord<String, String> record : records) {
                    SiteChanged change = SiteChanges.parse(record.value());
                    DropProcessor.Outcome outcome = processor.process(change.site());
                    if (outcome == DropProcessor.Outcome.REGISTERED
                            || outcome == DropProcessor.Outcome.REJECTED) {
                        decided.add(change.site());
                    }
                    consumer.commitSync();
                }
            }
        } catch (WakeupException closing) {
            // close() woke the poll
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        loop.shutdown();
        loop.awaitTermination(30, TimeUnit.SECONDS);
        workers.shutdownNow();
        io.shutdownNow();
    }

    /**
     * The service's events as binary-mode CloudEvents, each acknowledged before returning (one
     * short-lived producer per event: the drops here are tiny).
     */
    private final class ProducerEvents implements IngestEvents {
        @Override
        public void siteChanged(SiteChanged event) {
            send(Topics.SITE_CHANGES, event.site(), EventTypes.SITE_CHANGED, event);
        }

        @Override
        public void datasetReceived(DatasetReceived event) {
            send(Topics.DATASETS_RECEIVED, event.site(), EventTypes.DATASET_RECEIVED, event);
        }

        @Override
        public void tasksRegistered(List<TaskRegistered> tasks) {
            tasks.forEach(
                    t -> send(Topics.TASKS, t.task().toString(), EventTypes.TASK_REGISTERED, t));
        }

        @Override
        public void datasetRegistered(DatasetRegistered event) {
            send(Topics.DATASETS_REGISTERED, event.site(), EventTypes.DATASET_REGISTERED, event);
        }

        @Override
        public void datasetRejected(DatasetRejected event) {
            send(Topics.DATASETS_REJECTED, event.site(), EventTypes.DATASET_REJECTED, event);
        }

        @Override
        public void tasksWithdrawn(List<String> tasks) {
            tasks.forEach(t -> probe.publish(Topics.TASKS, t, null));
        }

        @Override
        public void datasetWithdrawn(DatasetWithdrawn event) {
            send(Topics.DATASETS_WITHDRAWN, event.site(), EventTypes.DATASET_WITHDRAWN, event);
        }

        private void send(String topic, String key, String type, Object payload) {
            try {
                probe.publish(
                        topic,
                        key,
                        Json.mapper().writeValueAsString(payload),
                        Map.of(
                                "ce_specversion",
                                "1.0",
                                "ce_type",
                                type,
                                "ce_source",
                                EventTypes.SOURCE_PREFIX + "ingest-worker",
                                "ce_id",
                                UUID.randomUUID().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
