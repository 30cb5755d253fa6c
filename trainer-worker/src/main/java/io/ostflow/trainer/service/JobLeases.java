package io.ostflow.trainer.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.Json;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.ObjectStoreException;
import io.ostflow.common.storage.StorageUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Which worker runs a job. Kafka hands a job to one member of the consumer group, but after a
 * rebalance (a trainer joins or leaves) a job still running on one member is delivered again to
 * another, since its offset is committed only when it is done. Without a lease both would train it
 * and both would complete it.
 *
 * <p>A lease is an object {@code JOB/lease-N.json} of the models bucket ({@code N} = generation,
 * from 0): the worker that creates generation N with a conditional write holds the job and renews
 * the lease every third of its duration while the job runs; the job's next copy, on any worker,
 * waits until the job is finished (then it is skipped), the lease is released, or the lease is
 * stale (not renewed for its duration: the holder died), and then creates generation N + 1. Only
 * one worker can create a generation, so of several waiting copies exactly one takes over. A holder
 * that stops for longer than the duration (a very long pause) can lose its job to another worker;
 * the stage claims of {@code StageStore} still keep that from training a stage twice only when the
 * copies belong to different jobs, so keep the duration well above such pauses.
 */
public final class JobLeases implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JobLeases.class.getName());

    private final ObjectStore store;
    private final String bucket;
    private final String worker;
    private final Duration duration;
    private final Duration poll;
    private final Clock clock;
    private final ScheduledExecutorService renewals =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "job-lease-renewal");
                        t.setDaemon(true);
                        return t;
                    });

    /**
     * @param worker this worker's identity, unique among the trainers sharing the bucket
     * @param duration how long a lease lasts without renewal
     * @param poll wait between two looks at a lease another worker holds
     */
    public JobLeases(
            ObjectStore store,
            String bucket,
            String worker,
            Duration duration,
            Duration poll,
            Clock clock) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("lease duration must be positive: " + duration);
        }
        this.store = store;
        this.bucket = bucket;
        this.worker = worker;
        this.duration = duration;
        this.poll = poll;
        this.clock = clock;
    }

    /** The worker identity written into this worker's leases. */
    public String worker() {
        return worker;
    }

    /** A held lease: renewed until closed, and released when closed. */
    public final class Lease implements AutoCloseable {
        private final String jobId;
        private final int generation;
        private final ScheduledFuture<?> renewal;
        private boolean closed;
        private volatile boolean lost;

        private Lease(String jobId, int generation) {
            this.jobId = jobId;
            this.generation = generation;
            long every = Math.max(1, duration.toMillis() / 3);
            this.renewal =
                    renewals.scheduleWithFixedDelay(
                            this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        public int generation() {
            return generation;
        }

        /** Whether another worker took the job over (a newer generation exists): stop writing. */
        public boolean lost() {
            return lost;
        }

        /**
         * Renews the lease, unless a newer generation exists: then another worker took the job over
         * (this one paused past the lease), and this one must stop writing the job's state.
         */
        private synchronized void renew() {
            if (closed || lost) {
                return;
            }
            try {
                if (newestGeneration(jobId).orElse(generation) > generation) {
                    lost = true;
                    renewal.cancel(false);
                    LOG.warning(() -> "job " + jobId + ": the lease was taken over; stopping");
                    return;
                }
                store.put(bucket, key(jobId, generation), body(false), "application/json");
            } catch (RuntimeException e) {
                LOG.warning(() -> "cannot renew the lease of job " + jobId + ": " + e);
            }
        }

        /** Stops renewing and marks the lease released, so that a waiting copy need not wait. */
        @Override
        public synchronized void close() {
            closed = true;
            renewal.cancel(false);
            if (!lost) {
                store.put(bucket, key(jobId, generation), body(true), "application/json");
            }
        }
    }

    /**
     * Blocks until this worker holds the job's lease, or until {@code finished} says the job is
     * done (then empty: nothing is left to run).
     */
    public Optional<Lease> acquire(String jobId, BooleanSupplier finished) {
        boolean told = false;
        while (true) {
            if (finished.getAsBoolean()) {
                return Optional.empty();
            }
            Optional<Current> current = current(jobId);
            if (current.isPresent() && current.get().heldBy(worker)) {
                return Optional.of(new Lease(jobId, current.get().generation()));
            }
            if (current.isPresent() && current.get().live(clock.instant(), duration)) {
                if (!told) {
                    LOG.info(
                            () ->
                                    "job "
                                            + jobId
                                            + " is running on "
                                            + current.get().worker()
                                            + "; this copy waits for it");
                    told = true;
                }
                sleep();
                continue;
            }
            int next = current.map(c -> c.generation() + 1).orElse(0);
            if (store.putIfAbsent(bucket, key(jobId, next), body(false), "application/json")
                    .isPresent()) {
                Lease lease = new Lease(jobId, next);
                if (finished.getAsBoolean()) {
                    // the job finished between the check above and this lease: nothing to run
                    lease.close();
                    return Optional.empty();
                }
                return Optional.of(lease);
            }
        }
    }

    /** The newest generation of a job's lease and what it says. */
    record Current(int generation, String worker, Instant renewedAt, boolean released) {
        boolean heldBy(String w) {
            return !released && worker.equals(w);
        }

        boolean live(Instant now, Duration duration) {
            return !released && now.isBefore(renewedAt.plus(duration));
        }
    }

    private Optional<Current> current(String jobId) {
        return newestGeneration(jobId).flatMap(g -> read(jobId, g));
    }

    private static StorageUnavailableException unavailable(String jobId, Exception e) {
        return new StorageUnavailableException(
                "cannot read the lease of job " + jobId + ": " + e.getMessage(), e);
    }

    private Optional<Integer> newestGeneration(String jobId) {
        String prefix = ObjectKeys.checkpoint(jobId, "lease-");
        List<ObjectStore.StoredObject> leases;
        try {
            leases = store.list(bucket, prefix);
        } catch (ObjectStoreException e) {
            throw unavailable(jobId, e);
        }
        return leases.stream()
                .map(o -> generation(o.key(), prefix))
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
    }

    /**
     * What generation {@code generation} of a job's lease says. A lease the store cannot serve
     * right now ({@link StorageUnavailableException}) is not stale: that would let a second worker
     * take a job whose holder is alive, so the error propagates and the caller retries later. Only
     * an unreadable body (never written by a trainer) or a lease gone since it was listed counts as
     * stale.
     */
    Optional<Current> read(String jobId, int generation) {
        try {
            JsonNode node = Json.mapper().readTree(store.get(bucket, key(jobId, generation)));
            return Optional.of(
                    new Current(
                            generation,
                            node.path("worker").asText(),
                            Instant.parse(node.path("renewedAt").asText()),
                            node.path("released").asBoolean()));
        } catch (ObjectStoreException e) {
            if (!e.isNotFound()) {
                throw unavailable(jobId, e);
            }
            // gone since it was listed: stale, as below
            return Optional.of(new Current(generation, "", Instant.EPOCH, false));
        } catch (StorageUnavailableException e) {
            throw e; // an outage, never a stale lease
        } catch (IOException | RuntimeException e) {
            // unreadable or vanished: treat the generation as stale so that it can be taken over
            return Optional.of(new Current(generation, "", Instant.EPOCH, false));
        }
    }

    private static Optional<Integer> generation(String key, String prefix) {
        String rest = key.substring(prefix.length());
        if (!rest.endsWith(".json")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(rest.substring(0, rest.length() - 5)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String key(String jobId, int generation) {
        return ObjectKeys.checkpoint(jobId, "lease-" + generation + ".json");
    }

    private byte[] body(boolean released) {
        try {
            return Json.mapper()
                    .writeValueAsBytes(
                            Map.of(
                                    "worker",
                                    worker,
                                    "renewedAt",
                                    clock.instant().toString(),
                                    "released",
                                    released));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a job's lease", e);
        }
    }

    @Override
    public void close() {
        renewals.shutdownNow();
    }
}
