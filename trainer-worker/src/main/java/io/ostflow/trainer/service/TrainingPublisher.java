package io.ostflow.trainer.service;

import io.ostflow.common.events.CloudEventMessages;
import io.ostflow.common.events.EventTypes;
import io.ostflow.common.events.PredictionsWritten;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingFailed;
import io.ostflow.common.events.TrainingProgress;
import io.ostflow.trainer.config.Channels;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes progress (best effort) and results (acknowledged before the job's offset is). */
@ApplicationScoped
public class TrainingPublisher {
    static final URI SOURCE = CloudEventMessages.source("trainer-worker");
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    @Channel(Channels.PROGRESS)
    MutinyEmitter<String> progress;

    @Inject
    @Channel(Channels.RESULTS)
    MutinyEmitter<String> results;

    @Inject
    @Channel(Channels.PREDICTIONS)
    MutinyEmitter<String> predictions;

    public void progress(TrainingProgress event) {
        progress.sendMessageAndForget(
                CloudEventMessages.message(
                        SOURCE, event.jobId(), EventTypes.TRAINING_PROGRESS, event));
    }

    public void completed(TrainingCompleted event) {
        results.sendMessage(
                        CloudEventMessages.message(
                                SOURCE, event.jobId(), EventTypes.TRAINING_COMPLETED, event))
                .await()
                .atMost(ACK_TIMEOUT);
    }

    /** Keyed by the job: each plan job's masks are state, the planner serves the recommended's. */
    public void predictions(PredictionsWritten event) {
        predictions
                .sendMessage(
                        CloudEventMessages.message(
                                SOURCE, event.jobId(), EventTypes.PREDICTIONS_WRITTEN, event))
                .await()
                .atMost(ACK_TIMEOUT);
    }

    public void failed(TrainingFailed event) {
        results.sendMessage(
                        CloudEventMessages.message(
                                SOURCE, event.jobId(), EventTypes.TRAINING_FAILED, event))
                .await()
                .atMost(ACK_TIMEOUT);
    }
}
