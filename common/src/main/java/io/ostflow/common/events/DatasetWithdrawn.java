package io.ostflow.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;

/**
 * A site took its data back: every task of its registered drop versions is retired (a tombstone per
 * task on {@code ostflow.tasks}) and the features derived from its images are deleted. The site's
 * landing files are its own and are not touched. Drop versions registered after {@code withdrawnAt}
 * (the site wrote its {@code dataset.json} again) are not withdrawn.
 *
 * @param site the site
 * @param cause what withdrew it
 * @param datasetVersions the registered drop versions withdrawn, sorted
 * @param tasks the task ids retired, sorted
 * @param withdrawnAt when the ingest-worker withdrew it
 */
public record DatasetWithdrawn(
        String site,
        Cause cause,
        List<String> datasetVersions,
        List<String> tasks,
        Instant withdrawnAt) {
    public DatasetWithdrawn {
        datasetVersions = List.copyOf(datasetVersions);
        tasks = List.copyOf(tasks);
    }

    /** What withdrew a site. */
    public enum Cause {
        /** The site removed its {@code dataset.json} from the landing bucket. */
        DESCRIPTOR_REMOVED("descriptor-removed"),
        /** An operator asked for it ({@code ostflow withdraw SITE}, the planner's API). */
        OPERATOR_REQUEST("operator-request");

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
