package io.ostflow.planner.messaging;

import io.ostflow.common.Json;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.DatasetReceived;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.DatasetRejected;
import io.ostflow.common.events.DatasetWithdrawn;
import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.events.EventTypes;
import io.ostflow.common.events.PredictionsWritten;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingFailed;
import io.ostflow.common.events.TrainingProgress;
import io.ostflow.planner.ledger.DatasetLedger;
import io.ostflow.planner.ledger.PredictionBook;
import io.ostflow.planner.planning.PlanningEngine;
import io.ostflow.planner.planning.WeightsState;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds the planning engine from its topics. State is in memory and rebuilt by replaying the topics
 * at each start (a fresh consumer group), so a record is acknowledged once applied; a record that
 * cannot be parsed goes to its channel's dead-letter topic.
 */
@ApplicationScoped
public class PlannerListener {

    @Inject PlanningEngine engine;

    @Inject ReplanScheduler replan;

    @Inject DatasetLedger datasets;

    @Inject PredictionBook predictions;

    @Inject WeightsState weights;

    @Inject CalibrationService calibration;

    @Incoming(Channels.TASKS)
    @Blocking
    public void onTask(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            engine.removeTask(withdrawnTask(record.key())); // its site withdrew its data
        } else {
            engine.putTask(parse(record, TaskRegistered.class));
        }
        replan.request();
    }

    @Incoming(Channels.EDGES)
    @Blocking
    public void onEdge(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            engine.removeEdge(record.key()); // retired with a withdrawn task
        } else {
            engine.putEdge(parse(record, AffinityEdge.class));
        }
        replan.request();
    }

    @Incoming(Channels.WEIGHTS)
    @Blocking
    public void onWeights(ConsumerRecord<String, String> record) {
        if (record.value() != null) {
            weights.set(parse(record, EdgeWeights.class));
        }
    }

    @Incoming(Channels.DATASETS_RECEIVED)
    @Blocking
    public void onReceived(ConsumerRecord<String, String> record) {
        datasets.received(parse(record, DatasetReceived.class));
    }

    @Incoming(Channels.DATASETS_REGISTERED)
    @Blocking
    public void onRegistered(ConsumerRecord<String, String> record) {
        datasets.registered(parse(record, DatasetRegistered.class));
    }

    @Incoming(Channels.DATASETS_REJECTED)
    @Blocking
    public void onRejected(ConsumerRecord<String, String> record) {
        datasets.rejected(parse(record, DatasetRejected.class));
    }

    @Incoming(Channels.DATASETS_WITHDRAWN)
    @Blocking
    public void onWithdrawn(ConsumerRecord<String, String> record) {
        datasets.withdrawn(parse(record, DatasetWithdrawn.class));
    }

    @Incoming(Channels.PREDICTIONS)
    @Blocking
    public void onPredictions(ConsumerRecord<String, String> record) {
        if (record.value() != null) {
            predictions.written(parse(record, PredictionsWritten.class));
        }
    }

    @Incoming(Channels.TRAINING_PROGRESS)
    @Blocking
    public void onProgress(ConsumerRecord<String, String> record) {
        engine.progress(parse(record, TrainingProgress.class));
    }

    @Incoming(Channels.TRAINING_RESULTS)
    @Blocking
    public void onResult(ConsumerRecord<String, String> record) {
        var type = record.headers().lastHeader("ce_type");
        String ceType = type == null ? "(none)" : new String(type.value(), StandardCharsets.UTF_8);
        switch (ceType) {
            case EventTypes.TRAINING_FAILED -> {
                if (engine.failed(parse(record, TrainingFailed.class))) {
                    replan.request();
                }
            }
            case EventTypes.TRAINING_COMPLETED -> {
                if (engine.completed(parse(record, TrainingCompleted.class))) {
                    replan.request(); // a score the transferability ranking waits for
                }
                calibration.maybeCalibrate();
            }
            default ->
                    // to the dead-letter topic, with this reason in its headers
                    throw new IllegalArgumentException(
                            "record "
                                    + record.key()
                                    + " has ce_type "
                                    + ceType
                                    + "; a training result is "
                                    + EventTypes.TRAINING_COMPLETED
                                    + " or "
                                    + EventTypes.TRAINING_FAILED);
        }
    }

    /** The task a tombstone retires; one that names no task is dead-lettered with the reason. */
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
