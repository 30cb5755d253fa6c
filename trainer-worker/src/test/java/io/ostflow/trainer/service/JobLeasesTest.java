package io.ostflow.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.StorageUnavailableException;
import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.testing.FaultProxy;
import io.ostflow.local.testing.LocalStackExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Job leases between two workers, on the real S3 server. */
@ExtendWith(LocalStackExtension.class)
class JobLeasesTest {
    private static final Duration LEASE = Duration.ofMillis(1500);
    private static final Duration POLL = Duration.ofMillis(50);
    private static ObjectStore store;

    private static int s3Port;
    private static String s3Key;
    private static String s3Secret;

    @BeforeAll
    static void connect(LocalStack stack) {
        store = stack.objectStore();
        s3Port = java.net.URI.create(stack.endpoints().s3()).getPort();
        s3Key = stack.endpoints().s3AccessKey();
        s3Secret = stack.endpoints().s3SecretKey();
    }

    private static JobLeases worker(String name) {
        return new JobLeases(store, ObjectKeys.MODELS_BUCKET, name, LEASE, POLL, Clock.systemUTC());
    }

    private static String newJob() {
        return "job-lease-" + System.nanoTime();
    }

    @Test
    void aCopyOnAnotherWorkerWaitsWhileTheJobRunsAndIsDroppedWhenItFinished() throws Exception {
        String job = newJob();
        AtomicBoolean finished = new AtomicBoolean();
        try (JobLeases a = worker("a");
                JobLeases b = worker("b")) {
            JobLeases.Lease held = a.acquire(job, finished::get).orElseThrow();
            CompletableFuture<Optional<JobLeases.Lease>> copy =
                    CompletableFuture.supplyAsync(() -> b.acquire(job, finished::get));
            // three lease durations: renewals keep the lease live the whole time
            Thread.sleep(3 * LEASE.toMillis());
            assertThat(copy).isNotDone();

            finished.set(true);
            held.close();
            assertThat(copy.get(10, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void aHolderWhoseLeaseWasTakenOverLearnsItAndNoLongerWritesIt() throws Exception {
        String job = newJob();
        try (JobLeases a = worker("a")) {
            JobLeases.Lease held = a.acquire(job, () -> false).orElseThrow();
            assertThat(held.lost()).isFalse();
            // a pause longer than the lease: another trainer took the job as the next generation
            store.put(
                    ObjectKeys.MODELS_BUCKET,
                    JobLeases.key(job, held.generation() + 1),
                    ("{\"worker\":\"b\",\"renewedAt\":\""
                                    + java.time.Instant.now()
                                    + "\",\"released\":false}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "application/json");
            String ownBefore =
                    new String(
                            store.get(ObjectKeys.MODELS_BUCKET, JobLeases.key(job, 0)),
                            java.nio.charset.StandardCharsets.UTF_8);

            Thread.sleep(LEASE.toMillis());

            assertThat(held.lost()).as("a renewal saw the newer generation").isTrue();
            assertThat(
                            new String(
                                    store.get(ObjectKeys.MODELS_BUCKET, JobLeases.key(job, 0)),
                                    java.nio.charset.StandardCharsets.UTF_8))
                    .as("no renewal after the loss")
                    .isEqualTo(ownBefore);
            held.close();
        }
    }

    @Test
    void aReleasedLeaseIsTakenAtOnceAsTheNextGeneration() throws Exception {
        String job = newJob();
        try (JobLeases a = worker("a");
                JobLeases b = worker("b")) {
            a.acquire(job, () -> false).orElseThrow().close();
            long started = System.nanoTime();
            try (JobLeases.Lease next = b.acquire(job, () -> false).orElseThrow()) {
                assertThat(next.generation()).isEqualTo(1);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LEASE);
            }
        }
    }

    @Test
    void aLeaseThatIsNoLongerRenewedIsTakenOverByExactlyOneOfTwoWaitingWorkers() throws Exception {
        String job = newJob();
        JobLeases dead = worker("dead");
        dead.acquire(job, () -> false).orElseThrow();
        dead.close(); // stops renewing, as a killed process would, without releasing

        try (JobLeases b = worker("b");
                JobLeases c = worker("c")) {
            CompletableFuture<JobLeases.Lease> fromB =
                    CompletableFuture.supplyAsync(() -> b.acquire(job, () -> false).orElseThrow());
            CompletableFuture<JobLeases.Lease> fromC =
                    CompletableFuture.supplyAsync(() -> c.acquire(job, () -> false).orElseThrow());
            JobLeases.Lease first =
                    (JobLeases.Lease)
                            CompletableFuture.anyOf(fromB, fromC).get(10, TimeUnit.SECONDS);
            assertThat(first.generation()).isEqualTo(1);
            CompletableFuture<JobLeases.Lease> other = first == fromB.getNow(null) ? fromC : fromB;
            Thread.sleep(2 * LEASE.toMillis());
            assertThat(other).as("the other waits while the new holder renews").isNotDone();

            first.close();
            assertThat(other.get(10, TimeUnit.SECONDS).generation()).isEqualTo(2);
            other.get().close();
        }
    }

    @Test
    void aLeaseTheStoreCannotServeIsNotStale() throws Exception {
        String job = newJob();
        try (JobLeases a = worker("a");
                FaultProxy proxy = new FaultProxy("127.0.0.1", s3Port)) {
            JobLeases.Lease held = a.acquire(job, () -> false).orElseThrow();
            JobLeases b =
                    new JobLeases(
                            ObjectStore.connect(proxy.httpEndpoint(), s3Key, s3Secret),
                            ObjectKeys.MODELS_BUCKET,
                            "b",
                            LEASE,
                            POLL,
                            Clock.systemUTC());
            assertThat(b.read(job, held.generation()).orElseThrow().worker()).isEqualTo("a");

            proxy.cut();

            assertThatThrownBy(() -> b.read(job, held.generation()))
                    .as("an outage, not a dead holder: the lease must not look stale")
                    .isInstanceOf(StorageUnavailableException.class);
            assertThatThrownBy(() -> b.acquire(job, () -> false))
                    .isInstanceOf(StorageUnavailableException.class);
            proxy.restore();
            assertThat(
                            b.read(job, held.generation())
                                    .orElseThrow()
                                    .live(java.time.Instant.now(), LEASE))
                    .isTrue();
            held.close();
            b.close();
        }
    }

    @Test
    void theDurationMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                new JobLeases(
                                        store,
                                        ObjectKeys.MODELS_BUCKET,
                                        "w",
                                        Duration.ZERO,
                                        POLL,
                                        Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
