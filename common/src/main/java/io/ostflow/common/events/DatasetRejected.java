package io.ostflow.common.events;

import java.time.Instant;
import java.util.List;

/**
 * A drop version failed validation: nothing of it was registered, nothing was deleted.
 *
 * @param site the uploading site
 * @param datasetVersion content hash of the drop as seen
 * @param problems every problem found, structural and per volume, not just the first (at most
 *     {@code ostflow.ingest.max-problems-per-reason} of one reason, then one that counts the rest)
 * @param warnings files that were ignored as not part of the dataset
 * @param rejectedAt when the decision was made
 */
public record DatasetRejected(
        String site,
        String datasetVersion,
        List<Problem> problems,
        List<Problem> warnings,
        Instant rejectedAt) {
    public DatasetRejected {
        problems = List.copyOf(problems);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
