package io.ostflow.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;

/**
 * Something in a site's landing folder changed that may make a new drop version: the site's
 * descriptor was written, an object of the site was removed, or reconciliation found a version that
 * is neither registered nor rejected. Keyed by site, so that every change of one site lands in one
 * partition and one ingest-worker of the group decides each drop. At least once: the consumer
 * processes the site's current content, which is idempotent per version.
 *
 * @param site the site folder that changed
 * @param object the object key that changed, or the descriptor's for reconciliation
 * @param cause what was seen
 * @param seenAt when the ingest-worker saw it
 */
public record SiteChanged(String site, String object, Cause cause, Instant seenAt) {

    /** What made the site worth processing again. */
    public enum Cause {
        /** The site's {@code dataset.json} was written (sites upload it last). */
        DESCRIPTOR_WRITTEN("descriptor-written"),
        /** An object of the site was deleted: the site may have fixed its drop. */
        OBJECT_REMOVED("object-removed"),
        /** A listing found a version without a decision (a notification was lost). */
        RECONCILIATION("reconciliation"),
        /**
         * An operator asked to withdraw the site (the planner's {@code POST
         * /api/sites/{site}/withdrawal}); it stays withdrawn until its descriptor is written again.
         */
        WITHDRAWAL_REQUESTED("withdrawal-requested");

        private final String wire;

        Cause(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static Cause fromWire(String name) {
            return WireNames.parse(Cause.class, values(), Cause::wire, name);
        }

        @Override
        public String toString() {
            return wire;
        }
    }
}
