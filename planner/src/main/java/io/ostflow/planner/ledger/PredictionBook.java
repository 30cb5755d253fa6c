package io.ostflow.planner.ledger;

import io.ostflow.common.events.PredictionsWritten;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every plan job's predictions, per target, from {@code ostflow.predictions} (keyed by job and
 * replayed at every start). Which of a target's predictions are served is decided by {@link
 * PredictionChoice}: those of the recommended model. Thread-safe: the predictions listener writes,
 * the HTTP threads read, each call under this object's monitor.
 */
public final class PredictionBook {
    private final Map<String, Map<String, PredictionsWritten>> byTarget = new TreeMap<>();

    public synchronized void written(PredictionsWritten event) {
        byTarget.computeIfAbsent(event.target(), t -> new TreeMap<>()).put(event.jobId(), event);
    }

    /** The target's predictions by job id, empty when none were written. */
    public synchronized Map<String, PredictionsWritten> of(String target) {
        return Map.copyOf(byTarget.getOrDefault(target, Map.of()));
    }

    /** The targets with predictions, in order. */
    public synchronized List<String> targets() {
        return List.copyOf(byTarget.keySet());
    }
}
