package io.ostflow.common.config;

import io.smallrye.config.WithDefault;

/**
 * The object store, the same group ({@code ostflow.s3.*}) in every service's configuration mapping,
 * so the keys and defaults cannot differ between services (docs/configuration.md).
 */
public interface S3Config {
    /** S3/MinIO endpoint URL. */
    String endpoint();

    /** Access key. */
    String accessKey();

    /** Secret key. */
    String secretKey();

    /** Bucket the sites upload to. */
    @WithDefault("ostflow-landing")
    String landingBucket();

    /** Bucket of the fingerprints. */
    @WithDefault("ostflow-features")
    String featuresBucket();

    /** Bucket of checkpoints, job state and models. */
    @WithDefault("ostflow-models")
    String modelsBucket();
}
