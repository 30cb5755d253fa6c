package io.ostflow.trainer.service;

import io.ostflow.common.Json;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A job's resume state and checkpoints in the models bucket: {@code JOB/stage-K.params} after each
 * stage and {@code JOB/state.json}, so a job picked up again after a crash resumes after its last
 * finished stage; {@code JOB/result.json} once its result is final, so a job delivered again
 * publishes the same result instead of training again.
 */
final class JobStates {
    private final ObjectStore store;
    private final String modelsBucket;

    JobStates(ObjectStore store, String modelsBucket) {
        this.store = store;
        this.modelsBucket = modelsBucket;
    }

    /** The models-bucket key of the weights written after stage {@code stage} (from 0) of a job. */
    static String checkpoint(String jobId, int stage) {
        return ObjectKeys.checkpoint(jobId, "stage-" + stage + ".params");
    }

    byte[] weights(String jobId, int stage) {
        return store.get(modelsBucket, checkpoint(jobId, stage));
    }

    /** The result a finished job published, kept so that a redelivery can publish it again. */
    void result(TrainingCompleted completed) {
        try {
            store.put(
                    modelsBucket,
                    ObjectKeys.checkpoint(completed.jobId(), "result.json"),
                    Json.mapper().writeValueAsBytes(completed),
                    "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored result of a job, if it finished with this trainer's version or a later one. */
    Optional<TrainingCompleted> result(String jobId) {
        String key = ObjectKeys.checkpoint(jobId, "result.json");
        if (store.stat(modelsBucket, key).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    Json.mapper().readValue(store.get(modelsBucket, key), TrainingCompleted.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes a finished stage's weights, then the state that says it finished. */
    void finished(String jobId, int stage, byte[] weights, JobState state) {
        store.put(modelsBucket, checkpoint(jobId, stage), weights, "application/octet-stream");
        write(jobId, state);
    }

    Optional<JobState> read(String jobId) {
        if (store.stat(modelsBucket, ObjectKeys.checkpoint(jobId, "state.json")).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    Json.mapper()
                            .readValue(
                                    store.get(
                                            modelsBucket,
                                            ObjectKeys.checkpoint(jobId, "state.json")),
                                    JobState.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void write(String jobId, JobState state) {
        try {
            store.put(
                    modelsBucket,
                    ObjectKeys.checkpoint(jobId, "state.json"),
                    Json.mapper().writeValueAsBytes(state),
                    "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
