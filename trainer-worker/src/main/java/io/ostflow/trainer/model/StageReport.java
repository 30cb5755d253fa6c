package io.ostflow.trainer.model;

/**
 * Progress of a stage every {@code reportEvery} steps.
 *
 * @param loss mean training loss since the last report
 * @param validationDice mean Dice on the validation cases, null without any
 */
public record StageReport(
        int step,
        int steps,
        double loss,
        Double validationDice,
        double learningRate,
        double seconds) {}
