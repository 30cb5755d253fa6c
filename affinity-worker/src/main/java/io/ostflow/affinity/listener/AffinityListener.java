package io.ostflow.affinity.listener;

import io.ostflow.affinity.config.Channels;
import io.ostflow.affinity.service.AffinityService;
import io.ostflow.common.Json;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.events.TaskRegistered;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes tasks and weights. Each record is acknowledged after its edges are durable; a record
 * that cannot be parsed goes to the channel's dead-letter topic.
 */
@ApplicationScoped
public class AffinityListener {

    @Inject AffinityService service;

    @Incoming(Channels.TASKS)
    @Blocking
    public void onTask(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            // a tombstone: the task's site withdrew its data
            service.onTaskWithdrawn(withdrawnTask(record.key()));
            return;
        }
        service.onTask(parse(record, TaskRegistered.class));
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
