package io.ostflow.local.upload;

import io.ostflow.common.Role;
import java.util.List;

/**
 * What one upload did.
 *
 * @param site the site uploaded as
 * @param role the role recorded
 * @param objects objects written
 * @param bytes bytes written
 * @param removed keys removed because their files left the folder ({@code sync} only)
 * @param traceId the W3C trace id its notifications carried (docs/operations.md, Traces)
 */
public record UploadSummary(
        String site, Role role, int objects, long bytes, List<String> removed, String traceId) {}
