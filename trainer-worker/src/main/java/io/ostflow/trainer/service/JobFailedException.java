package io.ostflow.trainer.service;

/** A job that cannot run; {@code reason} is a stable code (docs/events.md, TrainingFailed). */
public final class JobFailedException extends RuntimeException {
    private final String reason;

    public JobFailedException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
