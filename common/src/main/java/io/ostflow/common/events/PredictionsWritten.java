package io.ostflow.common.events;

import java.time.Instant;
import java.util.List;

/**
 * The target site's own cases segmented by the model of one of the target's plan jobs (scratch,
 * direct or sequential): its unlabelled cases ({@code imagesTs} without labels) and its held-out
 * cases, one binary mask each in the models bucket, with the input's shape and affine. Keyed by the
 * job on the topic; the planner serves those of the target's recommended model.
 *
 * @param jobId the job whose model segmented them
 * @param target the target task
 * @param modelKey models-bucket key of the weights used
 * @param predictions one per case, unlabelled cases first
 * @param writtenAt when the last one was written
 */
public record PredictionsWritten(
        String jobId,
        String target,
        String modelKey,
        List<Prediction> predictions,
        Instant writtenAt) {
    public PredictionsWritten {
        predictions = List.copyOf(predictions);
    }

    /**
     * One segmented case.
     *
     * @param caseId the case
     * @param heldOut true for a held-out (labelled) case, false for an unlabelled one
     * @param key models-bucket key of the mask ({@code predictions/SITE/TASK/JOB/CASE.nii.gz}),
     *     null if it failed
     * @param foregroundVoxels voxels predicted as the objective
     * @param error why the case could not be segmented, else null
     */
    public record Prediction(
            String caseId, boolean heldOut, String key, long foregroundVoxels, String error) {}
}
