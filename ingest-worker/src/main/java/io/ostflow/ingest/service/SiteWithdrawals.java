package io.ostflow.ingest.service;

import io.ostflow.common.Json;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.events.DatasetWithdrawn;
import io.ostflow.common.events.SiteChanged;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.ObjectStore.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Takes a site's data back out of ostflow: retires every task of its registered drop versions
 * (tombstones on the tasks topic), publishes one {@link DatasetWithdrawn}, and deletes everything
 * the ingest derived from its images (the features bucket's {@code SITE/} folder). The landing
 * files are the site's and stay as they are.
 *
 * <p>Crash-safe in three steps: the marker {@code SITE/_withdrawn.json} (the event itself) is
 * written first, then the events are published, then the derived objects are deleted. While the
 * marker exists the site stays withdrawn; a change that finds anything left beside the marker (a
 * crash in between) publishes and deletes again, which is idempotent. The site comes back only when
 * its {@code dataset.json} is written after the withdrawal: then the marker goes and the drop is
 * validated and fingerprinted as new.
 */
public final class SiteWithdrawals {
    private static final Logger LOG = Logger.getLogger(SiteWithdrawals.class.getName());
    static final String MARKER = "_withdrawn.json";

    private final ObjectStore store;
    private final String featuresBucket;
    private final IngestEvents events;
    private final Clock clock;
    private final RegistrationLedger ledger;

    public SiteWithdrawals(
            ObjectStore store, String featuresBucket, IngestEvents events, Clock clock) {
        this.store = store;
        this.featuresBucket = featuresBucket;
        this.events = events;
        this.clock = clock;
        this.ledger = new RegistrationLedger(store, featuresBucket);
    }

    /** The withdrawal in force for a site, if any. */
    public Optional<DatasetWithdrawn> of(String site) {
        if (store.stat(featuresBucket, marker(site)).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    Json.mapper()
                            .readValue(
                                    store.get(featuresBucket, marker(site)),
                                    DatasetWithdrawn.class));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + marker(site), e);
        }
    }

    /**
     * Whether a withdrawn site stays withdrawn after {@code change}: yes, unless the change is its
     * descriptor written after the withdrawal (the marker is then removed). A withdrawal a crash
     * left unfinished is finished first.
     */
    public boolean keepsWithdrawn(SiteChanged change) {
        Optional<DatasetWithdrawn> withdrawn = of(change.site());
        if (withdrawn.isEmpty()) {
            return false;
        }
        if (change.cause() == SiteChanged.Cause.DESCRIPTOR_WRITTEN
                && change.seenAt().isAfter(withdrawn.get().withdrawnAt())) {
            store.delete(featuresBucket, marker(change.site()));
            LOG.info(() -> "site " + change.site() + " wrote its dataset.json again: re-admitted");
            return false;
        }
        if (!leftovers(change.site()).isEmpty()) {
            publishAndDelete(withdrawn.get());
        }
        return true;
    }

    /** Whether the site has a registered drop version (something a withdrawal would take back). */
    public boolean hasRegistered(String site) {
        return leftovers(site).stream()
                .anyMatch(o -> o.key().endsWith("/" + RegistrationLedger.REGISTERED_MARKER));
    }

    /**
     * Withdraws a site.
     *
     * @return the withdrawal, or empty when the site removed its descriptor without ever having a
     *     registered version (nothing to take back)
     */
    public Optional<DatasetWithdrawn> withdraw(String site, DatasetWithdrawn.Cause cause) {
        TreeSet<String> versions = new TreeSet<>();
        TreeSet<String> tasks = new TreeSet<>();
        for (DatasetRegistered registered : ledger.registrations(site)) {
            versions.add(registered.datasetVersion());
            registered.tasks().forEach(t -> tasks.add(t.toString()));
        }
        if (versions.isEmpty() && cause == DatasetWithdrawn.Cause.DESCRIPTOR_REMOVED) {
            return Optional.empty();
        }
        DatasetWithdrawn withdrawn =
                new DatasetWithdrawn(
                        site, cause, List.copyOf(versions), List.copyOf(tasks), clock.instant());
        try {
            store.put(
                    featuresBucket,
                    marker(site),
                    Json.mapper().writeValueAsBytes(withdrawn),
                    "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        publishAndDelete(withdrawn);
        LOG.info(
                () ->
                        "withdrew site "
                                + site
                                + " ("
                                + cause
                                + "): "
                                + tasks.size()
                                + " tasks of "
                                + versions.size()
                                + " versions retired");
        return Optional.of(withdrawn);
    }

    private void publishAndDelete(DatasetWithdrawn withdrawn) {
        events.tasksWithdrawn(withdrawn.tasks());
        events.datasetWithdrawn(withdrawn);
        for (StoredObject object : leftovers(withdrawn.site())) {
            store.delete(featuresBucket, object.key());
        }
    }

    /** Everything of the site in the features bucket but the withdrawal marker. */
    private List<StoredObject> leftovers(String site) {
        return store.list(featuresBucket, site + "/").stream()
                .filter(o -> !o.key().equals(marker(site)))
                .toList();
    }

    static String marker(String site) {
        return site + "/" + MARKER;
    }
}
