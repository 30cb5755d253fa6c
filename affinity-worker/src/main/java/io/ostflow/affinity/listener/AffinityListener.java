package io.ostflow.affinity.listener;

import io.ostflow.affinity.config.Channels;
import io.ostflow.affinity.service.AffinityService;
import io.ostflow.common.Json;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.storage.StorageRetry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes tasks and weights. Each record is acknowledged after its edges are durable; a record
 * that cannot be parsed goes to the channel's dead-letter topic, and so does a task whose
 * fingerprints the object store could not deliver after {@link StorageRetry}'s attempts (an outage
 * is never an {@code AffinityFailed}).
 */
@ApplicationScoped
public class AffinityListener {

    @Inject AffinityService service;

    @Inject StorageRetry retry;

    @Incoming(Channels.TASKS)
    @Blocking
    public void onTask(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            // a tombstone: the task's site withdrew its data
            service.onTaskWithdrawn(withdrawnTask(record.key()));
            return;
        }
        TaskRegistered task = parse(record, TaskRegistered.class);
        retry.run(
                "affinity of " + task.task(),
                () -> {
                    service.onTask(task);
                    return null;
                });
    }

    @Incoming(Channels.WEIGHTS)
    @Blocking
    public void onWeights(ConsumerRecord<String, String> record) {
        if (record.value() != null) {
            service.onWeights(parse(record, EdgeWeights.class));
        }
    }

    /** The id of a tombstone; one that names no task goes to the dead-letter topic. */
    private static TaskId withdrawnTask(String key) {
        if (key == null || !TaskId.isValid(key)) {
            throw new IllegalArgumentException(
                    "a tombstone on the tasks topic names no task: " + key);
        }
        return TaskId.parse(key);
    }

    private static <T> T parse(ConsumerRecord<String, String> record, Class<T> type) {
        return Json.readRecord(record.key(), record.value(), type);
    }
}
