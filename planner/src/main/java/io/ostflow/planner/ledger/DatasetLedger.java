package io.ostflow.planner.ledger;

import io.ostflow.common.events.DatasetReceived;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.DatasetRejected;
import io.ostflow.common.events.Problem;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every drop version the pipeline has seen, for the API and the dashboard: {@code pending} from its
 * {@link DatasetReceived} until the decision, then {@code registered} or {@code rejected}. The
 * three events come from three topics consumed independently, so a decision may arrive before the
 * receipt: a receipt never replaces a decision. Thread-safe: the datasets listener writes, the HTTP
 * threads read, each call under this object's monitor.
 */
public final class DatasetLedger {
    /**
     * One drop version.
     *
     * @param site site
     * @param version dataset version
     * @param state {@code pending}, {@code registered} or {@code rejected}
     * @param problems why it was rejected
     * @param warnings files that were ignored as not part of the dataset
     * @param at when the drop was received (pending) or the decision was made
     * @param imported for a registered drop written by {@code ostflow import}: the release's format
     *     and name and each case's subject id; else null
     */
    public record Entry(
            String site,
            String version,
            String state,
            List<Problem> problems,
            List<Problem> warnings,
            Instant at,
            DatasetRegistered.Imported imported) {}

    private final Map<String, Entry> entries = new TreeMap<>();

    public synchronized void received(DatasetReceived event) {
        entries.putIfAbsent(
                key(event.site(), event.datasetVersion()),
                new Entry(
                        event.site(),
                        event.datasetVersion(),
                        "pending",
                        List.of(),
                        List.of(),
                        event.receivedAt(),
                        null));
    }

    public synchronized void registered(DatasetRegistered event) {
        entries.put(
                key(event.site(), event.datasetVersion()),
                new Entry(
                        event.site(),
                        event.datasetVersion(),
                        "registered",
                        List.of(),
                        event.warnings(),
                        event.registeredAt(),
                        event.imported()));
    }

    public synchronized void rejected(DatasetRejected event) {
        entries.put(
                key(event.site(), event.datasetVersion()),
                new Entry(
                        event.site(),
                        event.datasetVersion(),
                        "rejected",
                        event.problems(),
                        event.warnings(),
                        event.rejectedAt(),
                        null));
    }

    public synchronized List<Entry> all() {
        return List.copyOf(entries.values());
    }

    /** The versions of one site, oldest decision or receipt first. */
    public synchronized List<Entry> ofSite(String site) {
        return entries.values().stream()
                .filter(e -> e.site().equals(site))
                .sorted(Comparator.comparing(Entry::at).thenComparing(Entry::version))
                .toList();
    }

    private static String key(String site, String version) {
        return site + "/" + version;
    }
}
