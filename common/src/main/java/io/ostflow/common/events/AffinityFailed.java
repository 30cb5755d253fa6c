package io.ostflow.common.events;

/**
 * The affinity of a task could not be computed; the task is left out of the graph until it is
 * registered again.
 *
 * @param task the task
 * @param datasetVersion its dataset version
 * @param reason {@code FEATURES_MISSING}, {@code FEATURES_UNREADABLE} or {@code BAD_TASK}
 * @param message what went wrong
 */
public record AffinityFailed(String task, String datasetVersion, String reason, String message) {}
