package io.ostflow.common.storage;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Runs work that reads the object store again while the store cannot answer: {@code attempts}
 * tries, waiting {@code backoff} before the second and twice as long before each next one. The last
 * {@link StorageUnavailableException} is rethrown, so the record is dead-lettered with its message
 * as the reason; any other failure is rethrown at once.
 */
public final class StorageRetry {
    private static final Logger LOG = Logger.getLogger(StorageRetry.class.getName());

    private final int attempts;
    private final Duration backoff;

    public StorageRetry(int attempts, Duration backoff) {
        if (attempts < 1) {
            throw new IllegalArgumentException("storage attempts must be >= 1, was " + attempts);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("storage backoff must be >= 0, was " + backoff);
        }
        this.attempts = attempts;
        this.backoff = backoff;
    }

    public <T> T run(String what, Supplier<T> work) {
        Duration wait = backoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (StorageUnavailableException e) {
                if (attempt >= attempts) {
                    throw e;
                }
                LOG.warning(
                        what
                                + ": the object store could not answer (attempt "
                                + attempt
                                + " of "
                                + attempts
                                + "), again in "
                                + wait.toMillis()
                                + " ms: "
                                + e.getMessage());
                sleep(wait);
                wait = wait.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the object store", e);
        }
    }
}
