package io.ostflow.local.testing;

/**
 * The packages of frameworks, messaging, storage and telemetry: what a service's edges and wiring
 * may use and its domain packages may not (each service's {@code ArchitectureTest}).
 */
public final class FrameworkPackages {
    /** ArchUnit package patterns. */
    public static final String[] ALL = {
        "io.quarkus..",
        "jakarta..",
        "io.smallrye..",
        "io.vertx..",
        "org.apache.kafka..",
        "io.minio..",
        "org.eclipse.microprofile..",
        "io.micrometer..",
        "io.opentelemetry.."
    };

    private FrameworkPackages() {}
}
