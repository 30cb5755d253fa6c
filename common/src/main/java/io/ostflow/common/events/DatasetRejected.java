package io.ostflow.common.events;

import java.time.Instant;
import java.util.List;

/**
 * A drop version failed validation: nothing of it was registered, nothing was deleted.
 *
 * @param site the uploading site
 * @param datasetVersion content hash of the drop as seen
 * @param problems every problem found, not just the first
 * @param rejectedAt when the decision was made
 */
public record DatasetRejected(
        String site, String datasetVersion, List<Problem> problems, Instant rejectedAt) {
    public DatasetRejected {
        problems = List.copyOf(problems);
    }
}
