package io.ostflow.ingest.service;

import io.ostflow.common.Json;
import io.ostflow.common.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

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
