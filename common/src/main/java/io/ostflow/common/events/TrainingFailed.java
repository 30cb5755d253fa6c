package io.ostflow.common.events;

/**
 * A job that could not finish.
 *
 * @param jobId job
 * @param reason {@code DATA_MISSING}, {@code BAD_JOB}, {@code OUT_OF_MEMORY} ...
 * @param message what went wrong
 */
public record TrainingFailed(String jobId, String reason, String message) {}
