package io.ostflow.common.events;

/**
 * Progress of a running job, at most one per few seconds.
 *
 * @param jobId job
 * @param stage index of the running stage
 * @param epoch current epoch
 * @param epochs epochs of the stage
 * @param loss last training loss
 * @param fraction overall progress in [0, 1]
 * @param etaSeconds estimated seconds left
 */
public record TrainingProgress(
        String jobId,
        int stage,
        int epoch,
        int epochs,
        double loss,
        double fraction,
        double etaSeconds) {}
