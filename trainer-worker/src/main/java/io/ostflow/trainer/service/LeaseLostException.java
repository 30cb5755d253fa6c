package io.ostflow.trainer.service;

/**
 * This trainer's lease of a job was taken over by another (it paused past the lease): it stops the
 * job without writing its state or publishing anything; the new holder runs it.
 */
public final class LeaseLostException extends RuntimeException {
    public LeaseLostException(String jobId) {
        super("the lease of " + jobId + " was taken over by another trainer");
    }
}
