package io.ostflow.affinity.service;

import io.ostflow.affinity.math.SparseMask;

/** Where the fingerprints come from (the features bucket, or memory in tests). */
public interface FeatureSource {
    /** Sorted PCA scores of an image feature. */
    double[] imageScores(String key);

    /** A label feature as a sparse mask. */
    SparseMask mask(String key);

    /**
     * Drops whatever is cached of a fingerprint whose task was withdrawn (its object is deleted by
     * the ingest-worker); a source that caches nothing has nothing to drop.
     */
    default void forget(String key) {}

    /** A fingerprint that cannot be had; the reason is a stable code. */
    final class FeatureUnavailableException extends RuntimeException {
        private final String reason;

        public FeatureUnavailableException(String reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
