package io.ostflow.common.events;

/**
 * One thing wrong with an uploaded drop.
 *
 * @param key the object key the problem is about (or the drop's {@code dataset.json})
 * @param reason a stable code, e.g. {@code MISSING_CHANNEL} or a NIfTI reason such as {@code
 *     TRUNCATED}
 * @param message what a person should fix
 */
public record Problem(String key, String reason, String message) {}
