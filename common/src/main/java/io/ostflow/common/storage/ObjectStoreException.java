package io.ostflow.common.storage;

/** An object-store call that failed; the message names the bucket and key. */
public final class ObjectStoreException extends RuntimeException {
    private final boolean notFound;

    public ObjectStoreException(String message, Throwable cause, boolean notFound) {
        super(message, cause);
        this.notFound = notFound;
    }

    /** Whether the object or bucket does not exist (as opposed to a failure to reach the store). */
    public boolean isNotFound() {
        return notFound;
    }
}
