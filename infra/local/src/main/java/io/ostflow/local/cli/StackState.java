package io.ostflow.local.cli;

import io.ostflow.common.Json;
import io.ostflow.local.stack.StackEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code ostflow up} leaves in {@code .ostflow/stack.json}: the process that holds the stack
 * and how to reach it. Written atomically once the stack is ready, deleted when it stops.
 *
 * @param pid process id of the background stack
 * @param startedAt when it became ready
 * @param endpoints how to reach it
 */
record StackState(long pid, Instant startedAt, StackEndpoints endpoints) {

    static Path file(Path home) {
        return home.resolve("stack.json");
    }

    void write(Path home) {
        try {
            Files.createDirectories(home);
            Path tmp = home.resolve("stack.json.tmp");
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            Files.move(
                    tmp,
                    file(home),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(home), e);
        }
    }

    /** The state of a running stack; empty if none was started or its process is gone. */
    static Optional<StackState> readLive(Path home) {
        Path file = file(home);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            StackState state = Json.mapper().readValue(file.toFile(), StackState.class);
            boolean alive = ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.of(state) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void delete(Path home) {
        try {
            Files.deleteIfExists(file(home));
        } catch (IOException ignored) {
            // a stale file is detected by its dead pid anyway
        }
    }
}
