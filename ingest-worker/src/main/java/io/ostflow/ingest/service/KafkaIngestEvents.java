package io.ostflow.ingest.service;

import io.ostflow.common.events.CloudEventMessages;
import io.ostflow.common.events.DatasetReceived;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.DatasetRejected;
import io.ostflow.common.events.DatasetWithdrawn;
import io.ostflow.common.events.EventTypes;
import io.ostflow.common.events.SiteChanged;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.ingest.config.Channels;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes the ingest-worker's events as binary-mode CloudEvents with their Kafka keys, and
 * returns only when the broker has acknowledged them (acks=all), so the incoming offset is
 * committed after the effect is durable.
 */
@ApplicationScoped
public class KafkaIngestEvents implements IngestEvents {
    static final URI SOURCE = CloudEventMessages.source("ingest-worker");
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    @Channel(Channels.SITE_CHANGES_OUT)
    MutinyEmitter<String> siteChanges;

    @Inject
    @Channel(Channels.TASKS)
    MutinyEmitter<String> tasks;

    @Inject
    @Channel(Channels.DATASETS_RECEIVED)
    MutinyEmitter<String> received;

    @Inject
    @Channel(Channels.DATASETS_REGISTERED)
    MutinyEmitter<String> registered;

    @Inject
    @Channel(Channels.DATASETS_REJECTED)
    MutinyEmitter<String> rejected;

    @Inject
    @Channel(Channels.DATASETS_WITHDRAWN)
    MutinyEmitter<String> withdrawn;

    @Override
    public void siteChanged(SiteChanged event) {
        siteChanges
                .sendMessage(message(event.site(), EventTypes.SITE_CHANGED, event))
                .await()
                .atMost(ACK_TIMEOUT);
    }

    @Override
    public void datasetReceived(DatasetReceived event) {
        received.sendMessage(message(event.site(), EventTypes.DATASET_RECEIVED, event))
                .await()
                .atMost(ACK_TIMEOUT);
    }

    @Override
    public void tasksRegistered(List<TaskRegistered> events) {
        List<Uni<Void>> sends =
                events.stream()
                        .map(
                                e ->
                                        tasks.sendMessage(
                                                message(
                                                        e.task().toString(),
                                                        EventTypes.TASK_REGISTERED,
                                                        e)))
                        .toList();
        Uni.join().all(sends).andFailFast().await().atMost(ACK_TIMEOUT);
    }

    @Override
    public void datasetRegistered(DatasetRegistered event) {
        registered
                .sendMessage(message(event.site(), EventTypes.DATASET_REGISTERED, event))
                .await()
                .atMost(ACK_TIMEOUT);
    }

    @Override
    public void datasetRejected(DatasetRejected event) {
        rejected.sendMessage(message(event.site(), EventTypes.DATASET_REJECTED, event))
                .await()
                .atMost(ACK_TIMEOUT);
    }

    @Override
    public void tasksWithdrawn(List<String> ids) {
        if (!ids.isEmpty()) {
            List<Uni<Void>> sends =
                    ids.stream()
                            .map(id -> tasks.sendMessage(CloudEventMessages.tombstone(id)))
                            .toList();
            Uni.join().all(sends).andFailFast().await().atMost(ACK_TIMEOUT);
        }
    }

    @Override
    public void datasetWithdrawn(DatasetWithdrawn event) {
        withdrawn
                .sendMessage(message(event.site(), EventTypes.DATASET_WITHDRAWN, event))
                .await()
                .atMost(ACK_TIMEOUT);
    }

    private static Message<String> message(String key, String type, Object payload) {
        return CloudEventMessages.message(SOURCE, key, type, payload);
    }
}
