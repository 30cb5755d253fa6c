package io.ostflow.common.events;

import io.ostflow.common.Role;
import java.time.Instant;

/**
 * A drop version was seen and its validation and fingerprinting started: the drop is pending until
 * a {@link DatasetRegistered} or {@link DatasetRejected} of the same version follows. At least
 * once: consumers treat a repeat, or one arriving after the decision, as no news.
 *
 * @param site the uploading site
 * @param datasetVersion content hash of the drop as seen
 * @param role role its descriptor declares
 * @param cases training cases found so far
 * @param heldOutCases evaluation cases found so far
 * @param receivedAt when processing started
 */
public record DatasetReceived(
        String site,
        String datasetVersion,
        Role role,
        int cases,
        int heldOutCases,
        Instant receivedAt) {}
