package io.ostflow.planner.service;

import io.ostflow.common.events.PredictionsWritten;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The latest predictions per target, from {@code ostflow.predictions} (for the API and the
 * dashboard). A record of an older job never replaces a newer one's: the topic is keyed by target
 * and replayed at every start, so the last record per target wins. Thread-safe.
 */
public final class PredictionBook {
    private final Map<String, PredictionsWritten> byTarget = new TreeMap<>();

    public synchronized void written(PredictionsWritten event) {
        byTarget.put(event.target(), event);
    }

    public synchronized List<PredictionsWritten> all() {
        return List.copyOf(byTarget.values());
    }

    public synchronized Optional<PredictionsWritten> of(String target) {
        return Optional.ofNullable(byTarget.get(target));
    }
}
