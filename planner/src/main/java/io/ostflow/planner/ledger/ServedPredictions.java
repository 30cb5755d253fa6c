package io.ostflow.planner.ledger;

import io.ostflow.common.events.PredictionsWritten.Prediction;
import java.time.Instant;
import java.util.List;

/**
 * The masks the planner serves for a target: those of its recommended model where it has them.
 *
 * @param target the target task
 * @param jobId the job whose model segmented the cases
 * @param recommended whether that job is the target's recommended model
 * @param reason why these masks, in one sentence
 * @param modelKey models-bucket key of the weights used
 * @param predictions one per case, unlabelled cases first
 * @param writtenAt when the last one was written
 */
public record ServedPredictions(
        String target,
        String jobId,
        boolean recommended,
        String reason,
        String modelKey,
        List<Prediction> predictions,
        Instant writtenAt) {
    public ServedPredictions {
        predictions = List.copyOf(predictions);
    }
}
