package io.ostflow.ingest.domain;

import io.ostflow.common.Json;
import io.ostflow.common.events.SiteChanged;
import io.ostflow.common.storage.ObjectKeys;
import java.io.IOException;
import java.util.Optional;

/** Reads a {@code SiteChanged} record and refuses one that names no usable site. */
public final class SiteChanges {
    private SiteChanges() {}

    /**
     * The change in {@code json}.
     *
     * @throws IllegalArgumentException with the reason, when the value is not a {@code SiteChanged}
     *     or its site is not a safe folder name (the record is then dead-lettered)
     */
    public static SiteChanged parse(String json) {
        SiteChanged change;
        try {
            change = Json.mapper().readValue(json, SiteChanged.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "not a SiteChanged: " + Messages.firstLine(e.getMessage()), e);
        }
        if (change == null || change.site() == null || change.cause() == null) {
            throw new IllegalArgumentException("a SiteChanged needs site and cause");
        }
        // only what cannot be listed safely is refused here; a folder name that is not a valid
        // site is the drop inspector's to reject, with a DatasetRejected the site can read
        Optional<String> unsafe = ObjectKeys.unsafeReason(change.site());
        if (unsafe.isPresent()) {
            throw new IllegalArgumentException(
                    "SiteChanged names no valid site (" + unsafe.get() + "): " + change.site());
        }
        return change;
    }
}
