package io.ostflow.planner.planning;

import io.ostflow.common.events.EdgeWeights;

/** The edge weights currently in force (from the weights topic; version 0 until one arrives). */
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
