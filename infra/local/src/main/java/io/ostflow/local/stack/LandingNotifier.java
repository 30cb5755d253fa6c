package io.ostflow.local.stack;

import io.ostflow.common.Json;
import io.ostflow.common.Topics;
import io.ostflow.common.storage.MinioNotification;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.common.storage.ObjectStore.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Bucket notifications for the embedded S3 server, which has none of its own: lists the landing
 * bucket every {@code interval} and publishes, for each object created, overwritten or removed
 * since the last listing, the record MinIO would ({@code ostflow.storage-events}, key {@code
 * bucket/object}). So a site that uploads with the AWS CLI, mc, rclone or boto3 starts the pipeline
 * within a second, as with MinIO or Ceph. An object that {@code ostflow upload} wrote and notified
 * itself carries {@value #NOTIFIED} in its metadata and is not notified twice. Objects that existed
 * when the watch began are left to the ingest's reconciliation. Unlike MinIO, an object created and
 * removed again within one interval is never seen, hence never notified: nothing of it is left to
 * decide, so the ingest's decisions are those the two notifications would have given.
 */
public final class LandingNotifier implements AutoCloseable {
    /** User metadata of an object whose writer published its notification itself. */
    public static final String NOTIFIED = "ostflow-notified";

    private static final Logger LOG = Logger.getLogger(LandingNotifier.class.getName());
    private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() << 16);

    private final ObjectStore store;
    private final String bucket;
    private final KafkaProducer<String, String> producer;
    private final Clock clock;
    private final ListingDiff diff = new ListingDiff();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "landing-notifier");
                        t.setDaemon(true);
                        return t;
                    });

    private LandingNotifier(ObjectStore store, String bucket, String kafkaBootstrap, Clock clock) {
        this.store = store;
        this.bucket = bucket;
        this.clock = clock;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Starts watching {@code bucket} of {@code store}: the current objects are the baseline. */
    public static LandingNotifier start(
            ObjectStore store, String bucket, String kafkaBootstrap, Duration interval) {
        LandingNotifier notifier =
                new LandingNotifier(store, bucket, kafkaBootstrap, Clock.systemUTC());
        notifier.diff.baseline(store.list(bucket, ""));
        notifier.timer.scheduleWithFixedDelay(
                notifier::pollQuietly,
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return notifier;
    }

    /** One listing and its notifications; a failure is logged and the next poll tries again. */
    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "landing notifications: listing or publishing failed", e);
        }
    }

    void poll() {
        ListingDiff.Changes changes = diff.next(store.list(bucket, ""));
        for (StoredObject object : changes.created()) {
            if (!notifiedByWriter(object.key())) {
                publish(
                        object.key(),
                        MinioNotification.objectCreated(
                                bucket,
                                object.key(),
                                object.size(),
                                object.etag(),
                                "application/octet-stream",
                                sequencer(),
                                clock.instant()));
            }
        }
        for (String key : changes.removed()) {
            publish(
                    key,
                    MinioNotification.objectRemoved(bucket, key, sequencer(), clock.instant()));
        }
    }

    private boolean notifiedByWriter(String key) {
        try {
            Map<String, String> metadata = store.userMetadata(bucket, key);
            return "true".equals(metadata.get(NOTIFIED));
        } catch (RuntimeException e) {
            return false; // gone again, or unreadable: notify, the ingest decides
        }
    }

    private void publish(String key, MinioNotification notification) {
        try {
            producer.send(
                            new ProducerRecord<>(
                                    Topics.STORAGE_EVENTS,
                                    MinioNotification.recordKey(bucket, key),
                                    Json.mapper().writeValueAsString(notification)))
                    .get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot publish the notification of " + key, e);
        }
    }

    /** MinIO's sequencer: 16 upper-case hex digits, increasing. */
    private static String sequencer() {
        return String.format("%016X", SEQUENCE.incrementAndGet());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
