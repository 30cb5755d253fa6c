package io.ostflow.local.stack;

import io.ostflow.common.storage.ObjectKeys;
import java.nio.file.Path;

/**
 * Where the local stack keeps its data and which loopback ports it binds (0 = any free port).
 *
 * @param dataDir parent folder of {@code kafka/} and {@code s3/}; reusing it keeps the data
 * @param kafkaPort PLAINTEXT listener of the broker
 * @param controllerPort KRaft controller listener
 * @param s3Port HTTP port of the S3 server
 * @param accessKey S3 access key (local only)
 * @param secretKey S3 secret key (local only)
 */
public record LocalStackConfig(
        Path dataDir,
        int kafkaPort,
        int controllerPort,
        int s3Port,
        String accessKey,
        String secretKey) {

    public static final String DEFAULT_ACCESS_KEY = "ostflow";
    public static final String DEFAULT_SECRET_KEY = "ostflow-local-secret";

    public LocalStackConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir is required");
        }
        for (int port : new int[] {kafkaPort, controllerPort, s3Port}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }

    /** Free ports and the default local credentials. */
    public static LocalStackConfig ephemeral(Path dataDir) {
        return new LocalStackConfig(dataDir, 0, 0, 0, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY);
    }

    public LocalStackConfig withPorts(int kafka, int controller, int s3) {
        return new LocalStackConfig(dataDir, kafka, controller, s3, accessKey, secretKey);
    }

    /** The buckets the stack creates; fixed names locally. */
    static String[] buckets() {
        return new String[] {
            ObjectKeys.LANDING_BUCKET, ObjectKeys.FEATURES_BUCKET, ObjectKeys.MODELS_BUCKET
        };
    }
}
