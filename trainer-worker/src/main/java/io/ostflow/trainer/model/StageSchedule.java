package io.ostflow.trainer.model;

/**
 * How one stage trains.
 *
 * @param steps optimiser steps
 * @param freezeEncoder only the decoder learns
 * @param learningRate the initial rate of the poly decay
 * @param warmupSteps steps of linear warm-up before the decay
 */
public record StageSchedule(
        int steps, boolean freezeEncoder, float learningRate, int warmupSteps) {}
