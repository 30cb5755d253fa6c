package io.ostflow.local.testing;

import io.ostflow.local.stack.StackEndpoints;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: points a service under test at the shared local stack (real broker, real
 * S3 server) through the same configuration keys a deployment sets.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return configFor(SharedLocalStack.get().endpoints());
    }

    /** The service configuration that reaches {@code endpoints}. */
    public static Map<String, String> configFor(StackEndpoints endpoints) {
        return Map.of(
                "kafka.bootstrap.servers", endpoints.kafka(),
                "ostflow.s3.endpoint", endpoints.s3(),
                "ostflow.s3.access-key", endpoints.s3AccessKey(),
                "ostflow.s3.secret-key", endpoints.s3SecretKey());
    }

    @Override
    public void stop() {
        // The stack outlives one test class; SharedLocalStack stops it when the JVM exits.
    }
}
