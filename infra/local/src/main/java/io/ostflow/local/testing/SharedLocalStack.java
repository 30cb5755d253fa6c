package io.ostflow.local.testing;

import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.stack.LocalStackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One local stack per test JVM: started on first use in a temporary folder, stopped and deleted by
 * a shutdown hook. Starting a broker costs seconds; sharing it keeps the suite fast. Tests that
 * share it use unique consumer groups, keys or sites, never a fresh broker.
 */
public final class SharedLocalStack {
    private static LocalStack stack;

    private SharedLocalStack() {}

    public static synchronized LocalStack get() {
        if (stack == null) {
            Path dir = createTempDir();
            stack = LocalStack.start(LocalStackConfig.ephemeral(dir));
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        stack.close();
                                        deleteQuietly(dir);
                                    },
                                    "local-stack-shutdown"));
        }
        return stack;
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("ostflow-test-stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is a temporary folder
        }
    }
}
