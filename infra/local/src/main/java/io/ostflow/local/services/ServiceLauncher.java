package io.ostflow.local.services;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ostflow.common.Json;
import io.ostflow.local.stack.StackEndpoints;
import io.ostflow.local.support.Pause;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts the four services as separate background JVMs (their packaged Quarkus applications)
 * against the local stack, and stops them. The caller's environment is passed on, so any {@code
 * OSTFLOW_*} setting reaches the services; logs go to {@code .ostflow/logs/SERVICE.log}.
 */
public final class ServiceLauncher {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private ServiceLauncher() {}

    /** A running service. */
    /** The planner's operator token in the services' environment. */
    private static final String PLANNER_TOKEN = "OSTFLOW_PLANNER_API_TOKEN";

    public record Service(String name, long pid, int port) {}

    public static Path repository() {
        return Path.of(System.getProperty("ostflow.repo", ".")).toAbsolutePath().normalize();
    }

    /** Starts every service that does not run yet and waits until all are ready. */
    public static List<Service> ensureRunning(
            Path home,
            StackEndpoints stack,
            Map<String, String> defaults,
            Consumer<String> progress) {
        List<Service> running = new ArrayList<>(readLive(home));
        // Reads are closed by default: the planner gets the stack's token, its clients read it.
        Map<String, String> withToken = new HashMap<>(defaults);
        withToken.put(PLANNER_TOKEN, ApiToken.ensure(home));
        for (LocalService service : LocalService.values()) {
            String name = service.module();
            if (running.stream().noneMatch(s -> s.name().equals(name))) {
                running.add(start(home, service, service.port(), stack, withToken));
                progress.accept(
                        "started "
                                + name
                                + " (pid "
                                + running.get(running.size() - 1).pid()
                                + ", log "
                                + log(home, name)
                                + ")");
            }
        }
        write(home, running);
        for (Service service : running) {
            awaitReady(home, service);
        }
        progress.accept(
                "services ready: "
                        + running.stream().map(s -> s.name() + " :" + s.port()).toList());
        return running;
    }

    /** Stops the services; returns how many were running. */
    public static int stop(Path home) {
        List<Service> running = readLive(home);
        for (Service service : running) {
            ProcessHandle.of(service.pid()).ifPresent(ProcessHandle::destroy);
        }
        Instant deadline = Instant.now().plusSeconds(30);
        for (Service service : running) {
            ProcessHandle.of(service.pid())
                    .ifPresent(
                            p -> {
                                while (p.isAlive() && Instant.now().isBefore(deadline)) {
                                    Pause.millis(200);
                                }
                                if (p.isAlive()) {
                                    p.destroyForcibly();
                                }
                            });
        }
        try {
            Files.deleteIfExists(file(home));
        } catch (IOException ignored) {
            // stale entries are recognised by their dead pids
        }
        return running.size();
    }

    /** Services whose process is alive. */
    public static List<Service> readLive(Path home) {
        if (!Files.isRegularFile(file(home))) {
            return List.of();
        }
        try {
            List<Service> all =
                    Json.mapper()
                            .readValue(file(home).toFile(), new TypeReference<List<Service>>() {});
            return all.stream()
                    .filter(
                            s ->
                                    ProcessHandle.of(s.pid())
                                            .map(ProcessHandle::isAlive)
                                            .orElse(false))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public static boolean isReady(Service service) {
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + service.port()
                                                                    + "/q/health/ready"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts one service on {@code port} against {@code stack}; {@code defaults} are environment
     * entries that the caller's own environment overrides.
     */
    public static Service start(
            Path home,
            LocalService service,
            int port,
            StackEndpoints stack,
            Map<String, String> defaults) {
        return start(home, service, service.module(), port, stack, defaults);
    }

    /**
     * Starts one instance of a service; {@code name} is the instance's log file and its name in the
     * returned {@link Service}, so that a service (the trainer) can run more than once.
     */
    public static Service start(
            Path home,
            LocalService service,
            String name,
            int port,
            StackEndpoints stack,
            Map<String, String> defaults) {
        Path jar =
                repository()
                        .resolve(service.module())
                        .resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build with ./mvnw -B package -DskipTests");
        }
        try {
            Files.createDirectories(home.resolve("logs"));
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    ProcessHandle.current().info().command().orElse("java"),
                                    "-Xmx" + service.heap(),
                                    // Deflater/Inflater hold JNI critical sections; without more
                                    // retries large allocations can fail with OOM while they do.
                                    "-XX:+UnlockDiagnosticVMOptions",
                                    "-XX:GCLockerRetryAllocationCount=100",
                                    "-Dai.djl.offline=true",
                                    // One intra-op thread: on 2 cores, next to the broker and three
                                    // other services, two made the demo's jobs slower (25 s against
                                    // 16 s per job).
                                    "-Dai.djl.pytorch.num_threads=1",
                                    "-Dai.djl.pytorch.num_interop_threads=1"));
            command.addAll(service.jvmOptions());
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .redirectErrorStream(true)
                            .redirectOutput(
                                    ProcessBuilder.Redirect.appendTo(log(home, name).toFile()));
            Map<String, String> env = builder.environment();
            env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafka());
            env.put("OSTFLOW_S3_ENDPOINT", stack.s3());
            env.put("OSTFLOW_S3_ACCESS_KEY", stack.s3AccessKey());
            env.put("OSTFLOW_S3_SECRET_KEY", stack.s3SecretKey());
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            env.putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
            // the packaged applications bind 0.0.0.0 (%prod, for containers); the local stack
            // is for this machine only, unless the caller's environment says otherwise
            env.putIfAbsent("QUARKUS_HTTP_HOST", "127.0.0.1");
            defaults.forEach(env::putIfAbsent);
            if (defaults.containsKey(PLANNER_TOKEN)) {
                // the token the clients will send, whatever the caller's environment says
                env.put(PLANNER_TOKEN, defaults.get(PLANNER_TOKEN));
            }
            return new Service(name, builder.start().pid(), port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public static void awaitReady(Path home, Service service) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (!isReady(service)) {
            boolean alive =
                    ProcessHandle.of(service.pid()).map(ProcessHandle::isAlive).orElse(false);
            if (!alive) {
                throw new IllegalStateException(
                        service.name() + " exited; see " + log(home, service.name()));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        service.name()
                                + " is not ready after "
                                + READY_TIMEOUT.toSeconds()
                                + " s; see "
                                + log(home, service.name()));
            }
            Pause.millis(500);
        }
    }

    private static void write(Path home, List<Service> services) {
        try {
            Json.mapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValue(file(home).toFile(), services);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path log(Path home, String name) {
        return home.resolve("logs").resolve(name + ".log");
    }

    private static Path file(Path home) {
        return home.resolve("services.json");
    }
}
