package io.ostflow.common.events;

/**
 * Progress of a running job: one per report interval of a training stage, at most one per few
 * seconds.
 *
 * @param jobId job
 * @param stage index of the running stage
 * @param step optimiser steps done in this stage
 * @param steps optimiser steps of the stage
 * @param loss mean training loss over the last report interval
 * @param validationDice mean Dice on the stage's validation cases at this step; null when the stage
 *     has none
 * @param learningRate current learning rate
 * @param fraction overall progress of the job in [0, 1]
 * @param etaSeconds estimated seconds left in this stage
 */
public record TrainingProgress(
        String jobId,
        int stage,
        int step,
        int steps,
        double loss,
        Double validationDice,
        double learningRate,
        double fraction,
        double etaSeconds) {}
