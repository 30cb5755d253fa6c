package io.ostflow.trainer.reuse;

import io.ostflow.common.Json;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.ObjectStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Trained stages in the models bucket, by {@link StageKey}: {@code stages/KEY.params} (the
 * weights), {@code stages/KEY.json} (what the key stands for) and {@code stages/KEY.claim} (who is
 * training it). Before training a stage a job claims it with a conditional write, so that of
 * several trainers exactly one trains it and the others wait for its weights; the weights are
 * written conditionally too, so a key never maps to two different sets of weights. A job whose
 * training of a claimed stage fails gives the claim back; one that dies holding it delays the
 * others by at most the patience, after which they train the stage themselves.
 */
public final class StageStore {
    private static final Logger LOG = Logger.getLogger(StageStore.class.getName());
    private static final String PREFIX = "stages/";

    private final ObjectStore store;
    private final String bucket;
    private final Duration poll;
    private final Duration patience;
    private final Clock clock;

    /**
     * @param poll wait between two looks for weights another job is training
     * @param patience how long to wait for them before training the stage here after all
     */
    public StageStore(
            ObjectStore store, String bucket, Duration poll, Duration patience, Clock clock) {
        this.store = store;
        this.bucket = bucket;
        this.poll = poll;
        this.patience = patience;
        this.clock = clock;
    }

    /** How a stage's weights were obtained. */
    public enum Source {
        /** Trained by this job. */
        TRAINED,
        /** Loaded: another job (or an earlier run of this one) had trained it. */
        REUSED
    }

    /** The weights of a stage and where they came from. */
    public record Weights(byte[] bytes, Source source) {}

    /**
     * The weights of {@code key}: stored ones if there are any, else those of {@code train}, run
     * here if this job wins the claim, else those of the job that won it (waited for).
     *
     * @param jobId the job asking (recorded in the claim; its own claim counts as won, so a resumed
     *     job trains a stage it had claimed before crashing)
     * @param train trains the stage and returns its weights
     */
    public Weights obtain(StageKey key, String jobId, Supplier<byte[]> train) {
        Optional<byte[]> stored = weights(key);
        if (stored.isPresent()) {
            return new Weights(stored.get(), Source.REUSED);
        }
        if (claim(key, jobId)) {
            return keep(key, trainOrRelease(key, train));
        }
        Instant giveUp = clock.instant().plus(patience);
        while (clock.instant().isBefore(giveUp)) {
            sleep();
            stored = weights(key);
            if (stored.isPresent()) {
                return new Weights(stored.get(), Source.REUSED);
            }
        }
        LOG.warning(
                () ->
                        "stage "
                                + key
                                + " was claimed but not finished within "
                                + patience
                                + "; training it here");
        return keep(key, train.get());
    }

    /** Trains the claimed stage; a failure gives the claim back so that others need not wait. */
    private byte[] trainOrRelease(StageKey key, Supplier<byte[]> train) {
        try {
            return train.get();
        } catch (RuntimeException | Error e) {
            try {
                store.delete(bucket, claimKey(key));
            } catch (RuntimeException release) {
                // the store is down too: the claim goes stale on its own; the cause is what counts
                e.addSuppressed(release);
            }
            throw e;
        }
    }

    /** Stores freshly trained weights unless someone stored the key's weights first. */
    private Weights keep(StageKey key, byte[] trained) {
        store.putIfAbsent(
                bucket,
                PREFIX + key + ".json",
                key.description().getBytes(StandardCharsets.UTF_8),
                "application/json");
        if (store.putIfAbsent(bucket, weightsKey(key), trained, "application/octet-stream")
                .isPresent()) {
            return new Weights(trained, Source.TRAINED);
        }
        return new Weights(store.get(bucket, weightsKey(key)), Source.REUSED);
    }

    /**
     * Keeps how a stage's training went beside its weights, so that a job that reuses the stage can
     * report it; the first record of a key stays.
     */
    public void putOutcome(StageKey key, byte[] json) {
        store.putIfAbsent(bucket, PREFIX + key + ".outcome.json", json, "application/json");
    }

    /** How a stage's training went, if the job that trained it recorded it. */
    public Optional<byte[]> outcome(StageKey key) {
        String objectKey = PREFIX + key + ".outcome.json";
        return store.stat(bucket, objectKey).isEmpty()
                ? Optional.empty()
                : Optional.of(store.get(bucket, objectKey));
    }

    private Optional<byte[]> weights(StageKey key) {
        if (store.stat(bucket, weightsKey(key)).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(store.get(bucket, weightsKey(key)));
    }

    /** True if this job holds the claim (now or from before a crash). */
    private boolean claim(StageKey key, String jobId) {
        byte[] claim = json(Map.of("jobId", jobId, "claimedAt", clock.instant().toString()));
        if (store.putIfAbsent(bucket, claimKey(key), claim, "application/json").isPresent()) {
            return true;
        }
        try {
            return jobId.equals(
                    Json.mapper()
                            .readTree(store.get(bucket, claimKey(key)))
                            .path("jobId")
                            .asText());
        } catch (IOException | ObjectStoreException e) {
            return false;
        }
    }

    private static String claimKey(StageKey key) {
        return PREFIX + key + ".claim";
    }

    /** The models-bucket key of a stage's weights. */
    public static String weightsKey(StageKey key) {
        return PREFIX + key + ".params";
    }

    private static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a claimed stage", e);
        }
    }
}
