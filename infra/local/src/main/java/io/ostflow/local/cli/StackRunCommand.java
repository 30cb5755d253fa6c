package io.ostflow.local.cli;

import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.stack.LocalStackConfig;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/**
 * Runs the local stack in the foreground until the process is terminated; {@code ostflow up} starts
 * this in the background. Ports come from {@code OSTFLOW_KAFKA_PORT}, {@code
 * OSTFLOW_KAFKA_CONTROLLER_PORT} and {@code OSTFLOW_S3_PORT} (defaults 19092, 19093, 19000).
 */
@Command(
        name = StackRunCommand.NAME,
        hidden = true,
        description = "Runs the local stack in the foreground.")
final class StackRunCommand implements Callable<Integer> {
    static final String NAME = "stack-run";

    @Override
    public Integer call() throws InterruptedException {
        var home = OstflowCommand.home();
        LocalStackConfig config =
                LocalStackConfig.ephemeral(home.resolve("stack"))
                        .withPorts(
                                port("OSTFLOW_KAFKA_PORT", 19092),
                                port("OSTFLOW_KAFKA_CONTROLLER_PORT", 19093),
                                port("OSTFLOW_S3_PORT", 19000));
        LocalStack stack = LocalStack.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    StackState.delete(home);
                                    stack.close();
                                    stopped.countDown();
                                },
                                "stack-stop"));
        new StackState(ProcessHandle.current().pid(), Instant.now(), stack.endpoints()).write(home);
        System.out.println("local stack ready: " + stack.endpoints());
        stopped.await();
        return 0;
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    variable + " must be a port number, was '" + value + "'");
        }
    }
}
