package io.ostflow.ingest.service;

import io.ostflow.common.Json;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Remembers, in the features bucket, which drop versions were registered or rejected: {@code
 * SITE/VERSION/_registered.json} or {@code _rejected.json}, written after the events are durable. A
 * version with a marker is never processed again, whichever path (notification or reconciliation)
 * sees it next.
 */
public final class RegistrationLedger {
    /** Final state of a drop version. */
    public enum State {
        REGISTERED,
        REJECTED
    }

    /** The marker of a registered version, {@code SITE/VERSION/_registered.json}. */
    static final String REGISTERED_MARKER = "_registered.json";

    private final ObjectStore store;
    private final String bucket;

    public RegistrationLedger(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    /** The bucket the markers are in (the features bucket). */
    public String bucket() {
        return bucket;
    }

    public Optional<State> state(String site, String version) {
        if (store.stat(bucket, marker(site, version, State.REGISTERED)).isPresent()) {
            return Optional.of(State.REGISTERED);
        }
        if (store.stat(bucket, marker(site, version, State.REJECTED)).isPresent()) {
            return Optional.of(State.REJECTED);
        }
        return Optional.empty();
    }

    public void mark(String site, String version, State state, Object event) {
        try {
            store.put(
                    bucket,
                    marker(site, version, state),
                    Json.mapper().writeValueAsBytes(event),
                    "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every registered version of the site, as its marker recorded it (any order). */
    public List<DatasetRegistered> registrations(String site) {
        List<DatasetRegistered> registered = new ArrayList<>();
        for (ObjectStore.StoredObject object : store.list(bucket, site + "/")) {
            if (object.key().endsWith("/" + REGISTERED_MARKER)) {
                try {
                    registered.add(
                            Json.mapper()
                                    .readValue(
                                            store.get(bucket, object.key()),
                                            DatasetRegistered.class));
                } catch (IOException e) {
                    throw new UncheckedIOException("unreadable " + object.key(), e);
                }
            }
        }
        return registered;
    }

    /**
     * The task ids the site's other registered versions had and {@code version}, whose tasks are
     * {@code kept}, does not: tasks a new version dropped. Sorted.
     */
    public List<String> tasksDropped(String site, String version, Collection<String> kept) {
        Set<String> keep = new HashSet<>(kept);
        return registrations(site).stream()
                .filter(r -> !r.datasetVersion().equals(version))
                .flatMap(r -> r.tasks().stream())
                .map(Object::toString)
                .filter(t -> !keep.contains(t))
                .distinct()
                .sorted()
                .toList();
    }

    /** Deletes the features of a version that was rejected half-way (derived data only). */
    public void discardFeatures(String site, String version) {
        for (ObjectStore.StoredObject object : store.list(bucket, site + "/" + version + "/")) {
            if (!object.key().endsWith("/_rejected.json")
                    && !object.key().endsWith("/_registered.json")
                    && !object.key().endsWith("/_started")) {
                store.delete(bucket, object.key());
            }
        }
    }

    static String marker(String site, String version, State state) {
        return site
                + "/"
                + version
                + "/"
                + (state == State.REGISTERED ? REGISTERED_MARKER : "_rejected.json");
    }
}
