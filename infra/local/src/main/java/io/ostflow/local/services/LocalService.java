package io.ostflow.local.services;

import java.util.Arrays;

/** The four services of the local stack, in start order, with their port and heap. */
public enum LocalService {
    INGEST_WORKER("ingest-worker", 8081, "2g"),
    AFFINITY_WORKER("affinity-worker", 8082, "1g"),
    PLANNER("planner", 8080, "1g"),
    // decoded volumes and the network's activations: the two services that need a larger heap
    TRAINER_WORKER("trainer-worker", 8083, "2g");

    private final String module;
    private final int defaultPort;
    private final String heap;

    LocalService(String module, int defaultPort, String heap) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.heap = heap;
    }

    /** The Maven module, the service's name in logs, state files and the CLI. */
    public String module() {
        return module;
    }

    /** {@code -Xmx} of its JVM. */
    public String heap() {
        return heap;
    }

    /** Its HTTP port; the planner's can be moved with {@code OSTFLOW_PLANNER_PORT}. */
    public int port() {
        if (this == PLANNER) {
            String configured = System.getenv("OSTFLOW_PLANNER_PORT");
            if (configured != null && !configured.isBlank()) {
                return Integer.parseInt(configured.trim());
            }
        }
        return defaultPort;
    }

    public static LocalService of(String module) {
        return Arrays.stream(values())
                .filter(s -> s.module.equals(module))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named " + module));
    }
}
