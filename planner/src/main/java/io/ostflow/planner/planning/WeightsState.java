package io.ostflow.planner.planning;

import io.ostflow.common.events.EdgeWeights;

/**
 * The edge weights currently in force (from the weights topic; version 0 until one arrives; an
 * older version never replaces a newer one). Thread-safe: the weights listener writes, the
 * calibration and the HTTP threads read, each call under this object's monitor.
 */
public final class WeightsState {
    private EdgeWeights current = EdgeWeights.AUTHORS;

    public synchronized EdgeWeights current() {
        return current;
    }

    public synchronized void set(EdgeWeights weights) {
        if (weights.version() >= current.version()) {
            current = weights;
        }
    }
}
