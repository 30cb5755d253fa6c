package io.ostflow.trainer.model;

import ai.djl.training.tracker.Tracker;

/**
 * nnU-Net's poly decay, {@code lr0 * (1 - step / steps)^0.9}, driven by the step counter rather
 * than DJL's per-parameter update count (frozen parameters are never updated).
 */
final class PolyDecay implements Tracker {
    private final float initial;
    private final int steps;
    volatile int step;

    PolyDecay(float initial, int steps) {
        this.initial = initial;
        this.steps = Math.max(1, steps);
    }

    float value() {
        return (float) (initial * Math.pow(1 - Math.min(step, steps - 1) / (double) steps, 0.9));
    }

    @Override
    public float getNewValue(int numUpdate) {
        return value();
    }
}
