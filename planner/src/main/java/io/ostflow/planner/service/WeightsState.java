package io.ostflow.planner.service;

import io.ostflow.common.events.EdgeWeights;
import jakarta.enterprise.context.ApplicationScoped;

/** The edge weights currently in force (from the weights topic; version 0 until one arrives). */
@ApplicationScoped
public class WeightsState {
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
