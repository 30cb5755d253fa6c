package io.ostflow.local.services;

import java.util.Arrays;
import java.util.List;

/** The four services of the local stack, in start order, with their port and heap. */
public enum LocalService {
    // the parallel collector: the fingerprints allocate multi-megabyte arrays per volume, which
    // G1 handles as humongous objects; IngestStageBenchmark ran 23 s against 28 s with G1
    INGEST_WORKER("ingest-worker", 8081, "2g", "-XX:+UseParallelGC"),
    AFFINITY_WORKER("affinity-worker", 8082, "1g"),
    PLANNER("planner", 8080, "1g"),
    // decoded volumes and the network's activations: the two services that need a larger heap
    TRAINER_WORKER("trainer-worker", 8083, "2g");

    private final String module;
    private final int defaultPort;
    private final String heap;
    private final List<String> jvmOptions;

    LocalService(String module, int defaultPort, String heap, String... jvmOptions) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.heap = heap;
        this.jvmOptions = List.of(jvmOptions);
    }

    /** JVM options of its own, beyond the heap and those every service gets. */
    public List<String> jvmOptions() {
        return jvmOptions;
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
