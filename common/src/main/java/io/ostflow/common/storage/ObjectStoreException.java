package io.ostflow.common.storage;

import io.minio.errors.ErrorResponseException;

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

    /** The failure of a call on {@code s3://bucket/key}: not found, or any other error. */
    static ObjectStoreException of(String bucket, String key, Exception e) {
        if (e instanceof ErrorResponseException error) {
            String code = error.errorResponse().code();
            boolean notFound =
                    "NoSuchKey".equals(code)
                            || "NoSuchBucket".equals(code)
                            || "NoSuchObject".equals(code);
            return new ObjectStoreException(code + " for s3://" + bucket + "/" + key, e, notFound);
        }
        return new ObjectStoreException(
                "S3 call failed for s3://" + bucket + "/" + key + ": " + e, e, false);
    }
}
