package io.ostflow.local.stack;

/**
 * How to reach a running local stack; {@code ostflow status --json} prints this object.
 *
 * @param kafka bootstrap servers
 * @param s3 S3 endpoint URL
 * @param s3AccessKey S3 access key
 * @param s3SecretKey S3 secret key
 * @param landingBucket where sites upload their drops
 * @param featuresBucket where the fingerprints go
 * @param modelsBucket where checkpoints go
 */
public record StackEndpoints(
        String kafka,
        String s3,
        String s3AccessKey,
        String s3SecretKey,
        String landingBucket,
        String featuresBucket,
        String modelsBucket) {}
