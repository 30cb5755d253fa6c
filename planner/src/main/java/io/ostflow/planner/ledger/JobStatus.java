package io.ostflow.planner.ledger;

import io.ostflow.common.events.JobState;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;

/**
 * What the planner knows about a job from the progress and result events.
 *
 * @param job the job
 * @param state queued, running, completed or failed
 * @param progress fraction done in [0, 1]
 * @param dice mean Dice when completed
 * @param iou mean IoU when completed
 * @param message failure reason and message, if failed
 * @param result the trainer's result when completed (validation Dice, stage outcomes), else null
 */
public record JobStatus(
        TrainingJob job,
        JobState state,
        double progress,
        Double dice,
        Double iou,
        String message,
        TrainingCompleted result) {
    public static JobStatus queued(TrainingJob job) {
        return new JobStatus(job, JobState.QUEUED, 0, null, null, null, null);
    }
}
