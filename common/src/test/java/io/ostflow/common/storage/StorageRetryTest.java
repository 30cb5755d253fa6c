package io.ostflow.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An outage is tried again up to the bound; anything else is not tried again. */
class StorageRetryTest {
    private final StorageRetry retry = new StorageRetry(3, Duration.ZERO);

    @Test
    void anOutageThatEndsWithinTheBoundIsInvisible() {
        AtomicInteger calls = new AtomicInteger();
        String result =
                retry.run(
                        "read",
                        () -> {
                            if (calls.incrementAndGet() < 3) {
                                throw new StorageUnavailableException("refused", null);
                            }
                            return "done";
                        });
        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(3);
    }

    @Test
    void anOutageBeyondTheBoundIsRethrownWithItsReason() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(
                        () ->
                                retry.run(
                                        "read",
                                        () -> {
                                            calls.incrementAndGet();
                                            throw new StorageUnavailableException(
                                                    "503 for s3://b/k", null);
                                        }))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessage("503 for s3://b/k");
        assertThat(calls).hasValue(3);
    }

    @Test
    void anyOtherFailureIsNotTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(
                        () ->
                                retry.run(
                                        "read",
                                        () -> {
                                            calls.incrementAndGet();
                                            throw new IllegalStateException("a bug");
                                        }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
        assertThatThrownBy(() -> new StorageRetry(0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
