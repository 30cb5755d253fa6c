package io.ostflow.planner.service;

import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.DatasetRejected;
import io.ostflow.common.events.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every drop version the pipeline decided on, for the API and the dashboard. Thread-safe. */
public final class DatasetLedger {
    /**
     * One drop version.
     *
     * @param site site
     * @param version dataset version
     * @param state {@code registered} or {@code rejected}
     * @param problems why it was rejected
     * @param at when the decision was made
     */
    public record Entry(
            String site, String version, String state, List<Problem> problems, Instant at) {}

    private final Map<String, Entry> entries = new TreeMap<>();

    public synchronized void registered(DatasetRegistered event) {
        entries.put(
                event.site() + "/" + event.datasetVersion(),
                new Entry(
                        event.site(),
                        event.datasetVersion(),
                        "registered",
                        List.of(),
                        event.registeredAt()));
    }

    public synchronized void rejected(DatasetRejected event) {
        entries.put(
                event.site() + "/" + event.datasetVersion(),
                new Entry(
                        event.site(),
                        event.datasetVersion(),
                        "rejected",
                        event.problems(),
                        event.rejectedAt()));
    }

    public synchronized List<Entry> all() {
        return List.copyOf(entries.values());
    }
}
