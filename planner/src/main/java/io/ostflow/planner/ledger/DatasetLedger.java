package io.ostflow.planner.ledger;

import io.ostflow.common.events.DatasetReceived;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.DatasetRejected;
import io.ostflow.common.events.DatasetWithdrawn;
import io.ostflow.common.events.Problem;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every drop version the pipeline has seen, for the API and the dashboard: {@code pending} from its
 * {@link DatasetReceived} until the decision, then {@code registered} or {@code rejected}, and
 * {@code withdrawn} once its site took its data back ({@link DatasetWithdrawn}; a version
 * registered after the withdrawal is not). The events come from topics consumed independently, so a
 * decision may arrive before the receipt and a withdrawal before the registration: a receipt never
 * replaces a decision, and the times say what a withdrawal covers. Thread-safe: the datasets
 * listener writes, the HTTP threads read, each call under this object's monitor.
 */
public final class DatasetLedger {
    /**
     * One drop version.
     *
     * @param site site
     * @param version dataset version
     * @param state {@code pending}, {@code registered}, {@code rejected} or {@code withdrawn}
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
    private final Map<String, DatasetWithdrawn> withdrawals = new TreeMap<>();

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
                        covered(event.site(), event.registeredAt()) ? WITHDRAWN : "registered",
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

    /** A site took its data back: its versions registered until then become {@code withdrawn}. */
    public synchronized void withdrawn(DatasetWithdrawn event) {
        withdrawals.put(event.site(), event);
        entries.replaceAll(
                (key, e) ->
                        e.site().equals(event.site())
                                        && e.state().equals("registered")
                                        && covered(e.site(), e.at())
                                ? new Entry(
                                        e.site(),
                                        e.version(),
                                        WITHDRAWN,
                                        e.problems(),
                                        e.warnings(),
                                        e.at(),
                                        e.imported())
                                : e);
    }

    /** The latest withdrawal of a site, if it ever withdrew. */
    public synchronized Optional<DatasetWithdrawn> withdrawal(String site) {
        return Optional.ofNullable(withdrawals.get(site));
    }

    /** Every site's latest withdrawal, by site. */
    public synchronized List<DatasetWithdrawn> withdrawals() {
        return List.copyOf(withdrawals.values());
    }

    private boolean covered(String site, Instant registeredAt) {
        DatasetWithdrawn w = withdrawals.get(site);
        return w != null && !registeredAt.isAfter(w.withdrawnAt());
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

    private static final String WITHDRAWN = "withdrawn";

    private static String key(String site, String version) {
        return site + "/" + version;
    }
}
