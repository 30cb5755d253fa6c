package io.ostflow.local.cli;

import io.ostflow.local.stack.LandingNotifier;
import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.stack.LocalStackConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/**
 * Runs the local stack in the foreground until the process is terminated; {@code ostflow up} starts
 * this in the background. Ports come from {@code OSTFLOW_KAFKA_PORT}, {@code
 * OSTFLOW_KAFKA_CONTROLLER_PORT} and {@code OSTFLOW_S3_PORT} (defaults 19092, 19093, 19000); the
 * landing bucket notifies every client's writes ({@link LandingNotifier}) unless {@code
 * OSTFLOW_S3_NOTIFY=false}.
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
        LandingNotifier notifier =
                notifies()
                        ? LandingNotifier.start(
                                stack.objectStore(),
                                stack.endpoints().landingBucket(),
                                stack.endpoints().kafka(),
                                Duration.ofSeconds(1))
                        : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    StackState.delete(home);
                                    if (notifier != null) {
                                        notifier.close();
                                    }
                                    stack.close();
                                    stopped.countDown();
                                },
                                "stack-stop"));
        new StackState(ProcessHandle.current().pid(), Instant.now(), stack.endpoints()).write(home);
        System.out.println("local stack ready: " + stack.endpoints());
        stopped.await();
        return 0;
    }

    /** {@code OSTFLOW_S3_NOTIFY=false} turns the landing bucket's notifications off. */
    private static boolean notifies() {
        String value = System.getenv("OSTFLOW_S3_NOTIFY");
        return value == null || value.isBlank() || !value.trim().equalsIgnoreCase("false");
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
