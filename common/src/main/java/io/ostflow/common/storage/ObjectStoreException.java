package io.ostflow.common.storage;

import io.minio.errors.ErrorResponseException;

/** An object-store call that failed; the message names the bucket and key. */
public final class ObjectStoreException extends RuntimeException {
    private final boolean notFound;
    private final String code;

    public ObjectStoreException(String message, Throwable cause, boolean notFound) {
        this(message, cause, notFound, null);
    }

    private ObjectStoreException(String message, Throwable cause, boolean notFound, String code) {
        super(message, cause);
        this.notFound = notFound;
        this.code = code;
    }

    /**
     * Whether a conditional read found the object changed: it no longer has the ETag it was read
     * with ({@code If-Match}, S3's {@code PreconditionFailed}).
     */
    public boolean isChanged() {
        return "PreconditionFailed".equals(code);
    }

    /** Whether the object or bucket does not exist (as opposed to a failure to reach the store). */
    public boolean isNotFound() {
        return notFound;
    }

    /** The failure of a call on {@code s3://bucket/key}: not found, or any other error. */
    /**
     * The failure of a call on {@code s3://bucket/key}. A definite answer of the store (an S3 error
     * below HTTP 500: no such key, access denied, a failed precondition) is an {@code
     * ObjectStoreException}; a store that could not answer (a connection refused or reset, a
     * timeout, a 5xx) is a {@link StorageUnavailableException}, which callers retry and never turn
     * into a verdict.
     */
    static RuntimeException of(String bucket, String key, Exception e) {
        if (e instanceof ErrorResponseException error && !isServerError(error)) {
            String code = error.errorResponse().code();
            boolean notFound =
                    "NoSuchKey".equals(code)
                            || "NoSuchBucket".equals(code)
                            || "NoSuchObject".equals(code);
            return new ObjectStoreException(
                    code + " for s3://" + bucket + "/" + key, e, notFound, code);
        }
        return new StorageUnavailableException(
                "the object store could not answer for s3://" + bucket + "/" + key + ": " + e, e);
    }

    private static boolean isServerError(ErrorResponseException error) {
        return error.response() != null && error.response().code() >= 500;
    }
}
