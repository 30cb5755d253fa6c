package io.ostflow.trainer.model;

import ai.djl.training.tracker.Tracker;

/**
 * nnU-Net's poly decay, {@code lr0 * (1 - step / steps)^0.9}, driven by the step counter rather
 * than DJL's per-parameter update count (frozen parameters are never updated). With a warm-up of W
 * steps the rate first rises linearly, {@code lr0 * (step + 1) / W}, and the decay runs over the
 * remaining {@code steps - W}.
 */
final class PolyDecay implements Tracker {
    private final float initial;
    private final int steps;
    private final int warmup;
    volatile int step;

    PolyDecay(float initial, int steps) {
        this(initial, steps, 0);
    }

    PolyDecay(float initial, int steps, int warmup) {
        this.initial = initial;
        this.warmup = Math.max(0, Math.min(warmup, steps - 1));
        this.steps = Math.max(1, steps - this.warmup);
    }

    float value() {
        if (step < warmup) {
            return initial * (step + 1) / warmup;
        }
        int decayed = step - warmup;
        return (float) (initial * Math.pow(1 - Math.min(decayed, steps - 1) / (double) steps, 0.9));
    }

    @Override
    public float getNewValue(int numUpdate) {
        return value();
    }
}
