package io.ostflow.local.cli;

import io.ostflow.local.support.Pause;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts the local stack as a background process ({@code ostflow stack-run}) and stops it. The
 * child survives the command that started it; its output goes to {@code .ostflow/stack.log}.
 */
final class StackLauncher {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private StackLauncher() {}

    /** The running stack, started first if none runs. */
    static StackState ensureRunning(Path home, Console console) {
        Optional<StackState> running = StackState.readLive(home);
        if (running.isPresent()) {
            console.step("local stack already running (pid " + running.get().pid() + ")");
            return running.get();
        }
        StackState.delete(home);
        Process process = spawn(home);
        console.step(
                "starting the local stack in the background (pid "
                        + process.pid()
                        + ", log "
                        + log(home)
                        + ")");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Optional<StackState> state = StackState.readLive(home);
            if (state.isPresent() && state.get().pid() == process.pid()) {
                return state.get();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the local stack exited with code "
                                + process.exitValue()
                                + "; see "
                                + log(home));
            }
            Pause.millis(200);
        }
        process.destroy();
        throw new IllegalStateException(
                "the local stack did not start within "
                        + START_TIMEOUT.toSeconds()
                        + " s; see "
                        + log(home));
    }

    /** Stops the background stack; false if none was running. */
    static boolean stop(Path home) {
        Optional<StackState> running = StackState.readLive(home);
        if (running.isEmpty()) {
            StackState.delete(home);
            return false;
        }
        ProcessHandle process = ProcessHandle.of(running.get().pid()).orElseThrow();
        process.destroy();
        Instant deadline = Instant.now().plus(STOP_TIMEOUT);
        while (process.isAlive() && Instant.now().isBefore(deadline)) {
            Pause.millis(200);
        }
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        StackState.delete(home);
        return true;
    }

    static Path log(Path home) {
        return home.resolve("stack.log");
    }

    private static Process spawn(Path home) {
        try {
            Files.createDirectories(home);
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Xmx1g");
            command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
            command.add("-Dostflow.home=" + home);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(OstflowCommand.class.getName());
            command.add(StackRunCommand.NAME);
            return new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(home).toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local stack", e);
        }
    }
}
