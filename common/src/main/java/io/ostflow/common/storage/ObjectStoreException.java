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
    static ObjectStoreException of(String bucket, String key, Exception e) {
        if (e instanceof ErrorResponseException error) {
            String code = error.errorResponse().code();
            boolean notFound =
                    "NoSuchKey".equals(code)
                            || "NoSuchBucket".equals(code)
                            || "NoSuchObject".equals(code);
            return new ObjectStoreException(
                    code + " for s3://" + bucket + "/" + key, e, notFound, code);
        }
        return new ObjectStoreException(
                "S3 call failed for s3://" + bucket + "/" + key + ": " + e, e, false);
    }
}
