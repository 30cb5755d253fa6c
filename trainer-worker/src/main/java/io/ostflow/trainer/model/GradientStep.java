package io.ostflow.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;

/** The one place a gradient is recorded: forward, loss and backward of one batch. */
final class GradientStep {
    private static final Object GRADIENT_RECORDING = new Object();

    private GradientStep() {}

    /**
     * One forward and backward pass; returns the loss. DJL's PyTorch engine allows one recording
     * gradient collector per process, so jobs running side by side (trainer.concurrency > 1) take
     * turns here: they overlap in reading, sampling, optimiser steps and evaluation.
     */
    static float forwardBackward(Trainer trainer, NDArray images, NDArray masks) {
        synchronized (GRADIENT_RECORDING) {
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList prediction = trainer.forward(new NDList(images));
                NDArray loss = trainer.getLoss().evaluate(new NDList(masks), prediction);
                collector.backward(loss);
                return loss.getFloat();
            }
        }
    }
}
