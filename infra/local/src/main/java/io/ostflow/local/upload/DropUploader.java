package io.ostflow.local.upload;

import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.Topics;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.kafka.TraceParent;
import io.ostflow.common.storage.MinioNotification;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.local.stack.LandingNotifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Uploads one site folder to the landing bucket under {@code SITE/}, {@code dataset.json} last
 * (with {@code sync}, after removing the objects that are no longer in the folder), and, because
 * the embedded S3 server has no bucket notifications, publishes for each object the record a real
 * MinIO would publish to the storage-events topic. Against a real MinIO with its Kafka
 * notifications on, {@link #objectsOnly} uploads without publishing anything.
 */
public final class DropUploader implements AutoCloseable {
    private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime());

    /** PUTs in flight at a time. */
    static final int PARALLEL_PUTS = 8;

    private final ObjectStore store;

    /** Null when the object store publishes its own notifications. */
    private final KafkaProducer<String, String> producer;

    private final String bucket;
    private final Clock clock;

    /**
     * The data files' PUTs run side by side: one at a time left an upload waiting on each round
     * trip (the S3 server and the broker's ack), not on bandwidth. dataset.json is still PUT alone
     * and last, after every other object is stored.
     */
    private final ExecutorService putters =
            Executors.newFixedThreadPool(
                    PARALLEL_PUTS,
                    r -> {
                        Thread t = new Thread(r, "upload-put");
                        t.setDaemon(true);
                        return t;
                    });

    public DropUploader(ObjectStore store, String kafkaBootstrap, String bucket, Clock clock) {
        this(store, bucket, clock, producer(kafkaBootstrap));
    }

    private DropUploader(
            ObjectStore store, String bucket, Clock clock, KafkaProducer<String, String> producer) {
        this.store = store;
        this.bucket = bucket;
        this.clock = clock;
        this.producer = producer;
    }

    /** An uploader for a real MinIO, which notifies Kafka itself: objects only. */
    public static DropUploader objectsOnly(ObjectStore store, String bucket, Clock clock) {
        return new DropUploader(store, bucket, clock, null);
    }

    private static KafkaProducer<String, String> producer(String kafkaBootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafkaBootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true),
                new StringSerializer(),
                new StringSerializer());
    }

    /**
     * Uploads {@code folder}.
     *
     * @param siteOverride site to upload as, or null for the one in {@code dataset.json} (else the
     *     folder name)
     * @param roleOverride role to record in the uploaded {@code dataset.json}, or null to keep it
     * @param progress receives one line per uploaded object
     * @throws IllegalArgumentException for a folder that is not a drop, or invalid site/role
     */
    public UploadSummary upload(
            Path folder, String siteOverride, Role roleOverride, Consumer<String> progress) {
        return upload(folder, siteOverride, roleOverride, false, progress);
    }

    /**
     * Uploads {@code folder}; with {@code sync}, also removes every object under {@code SITE/} that
     * has no file in the folder any more (before dataset.json, so the drop it completes is the
     * folder's).
     *
     * @see #upload(Path, String, Role, Consumer)
     */
    public UploadSummary upload(
            Path folder,
            String siteOverride,
            Role roleOverride,
            boolean sync,
            Consumer<String> progress) {
        DatasetDescriptor descriptor = DropFolder.readDescriptor(folder);
        String site = DropFolder.chooseSite(folder, siteOverride, descriptor);
        Role role =
                roleOverride != null
                        ? roleOverride
                        : descriptor.ostflow() == null ? null : descriptor.ostflow().role();
        if (role == null) {
            throw new IllegalArgumentException(
                    "dataset.json has no ostflow.role; pass --role source|target");
        }
        long bytes = 0;
        int objects = 0;
        // one trace per upload: its notifications carry it, the services continue it
        TraceParent trace = TraceParent.random();
        List<Path> files = DropFolder.dataFiles(folder);
        Set<String> keys = new TreeSet<>(List.of(ObjectKeys.datasetJson(site)));
        files.forEach(f -> keys.add(DropFolder.keyOf(site, folder, f)));
        if (sync && !stale(site, keys).isEmpty()) {
            withdrawDescriptor(site, trace, progress);
        }
        List<Future<Long>> puts = new ArrayList<>();
        for (Path file : files) {
            puts.add(putters.submit(() -> putFile(site, folder, file, trace)));
        }
        for (int i = 0; i < files.size(); i++) {
            long size = await(puts.get(i));
            bytes += size;
            objects++;
            progress.accept(
                    "  " + DropFolder.keyOf(site, folder, files.get(i)) + " (" + size + " bytes)");
        }
        List<String> removed = sync ? removeAllBut(site, keys, trace, progress) : List.of();
        byte[] json = DropFolder.writeDescriptor(descriptor.withOstflow(site, role));
        put(ObjectKeys.datasetJson(site), json, "application/json", trace);
        progress.accept("  " + ObjectKeys.datasetJson(site) + " (last: it completes the drop)");
        if (producer != null) {
            producer.flush();
        }
        return new UploadSummary(
                site, role, objects + 1, bytes + json.length, removed, trace.traceId());
    }

    /** PUTs one data file (and publishes its notification); its size. */
    private long putFile(String site, Path folder, Path file, TraceParent trace) {
        byte[] content = DropFolder.readAll(file);
        put(
                DropFolder.keyOf(site, folder, file),
                content,
                file.toString().endsWith(".gz") ? "application/gzip" : "application/octet-stream",
                trace);
        return content.length;
    }

    /** The result of a PUT, its failure rethrown as it was. */
    private static long await(Future<Long> put) {
        try {
            return put.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Removes the objects of {@code site/} whose keys are not in {@code keep}; their keys. */
    private List<String> removeAllBut(
            String site, Set<String> keep, TraceParent trace, Consumer<String> progress) {
        List<String> removed = stale(site, keep);
        for (String key : removed) {
            remove(key, trace);
            progress.accept("  removed " + key + " (no longer in the folder)");
        }
        return removed;
    }

    /**
     * Removes the site's dataset.json before a sync changes its files, so that the ingest-worker
     * sees no half-synced drop: without a descriptor it decides nothing until the new one arrives.
     */
    private void withdrawDescriptor(String site, TraceParent trace, Consumer<String> progress) {
        String key = ObjectKeys.datasetJson(site);
        if (store.stat(bucket, key).isPresent()) {
            remove(key, trace);
            progress.accept("  " + key + " withdrawn until the folder is synced");
        }
    }

    private List<String> stale(String site, Set<String> keep) {
        return store.list(bucket, site + "/").stream()
                .map(ObjectStore.StoredObject::key)
                .filter(key -> !keep.contains(key))
                .toList();
    }

    private void remove(String key, TraceParent trace) {
        store.delete(bucket, key);
        publish(
                key,
                MinioNotification.objectRemoved(bucket, key, nextSequencer(), clock.instant()),
                trace);
    }

    private void put(String key, byte[] content, String contentType, TraceParent trace) {
        // a stack that notifies for every client must not notify this object a second time
        ObjectStore.StoredObject stored =
                producer == null
                        ? store.put(bucket, key, content, contentType)
                        : store.put(
                                bucket,
                                key,
                                content,
                                contentType,
                                Map.of(LandingNotifier.NOTIFIED, "true"));
        publish(
                key,
                MinioNotification.objectCreated(
                        bucket,
                        key,
                        stored.size(),
                        stored.etag(),
                        contentType,
                        nextSequencer(),
                        clock.instant()),
                trace);
    }

    /** Publishes what MinIO would for {@code key}, unless the store notifies by itself. */
    private void publish(String key, MinioNotification notification, TraceParent trace) {
        if (producer == null) {
            return;
        }
        try {
            var record =
                    new ProducerRecord<>(
                            Topics.STORAGE_EVENTS,
                            MinioNotification.recordKey(bucket, key),
                            Json.mapper().writeValueAsString(notification));
            trace.addTo(record.headers());
            producer.send(record).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot publish the notification for " + key, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MinIO's sequencer: 16 upper-case hex digits, increasing. */
    private static String nextSequencer() {
        return String.format("%016X", SEQUENCE.incrementAndGet());
    }

    @Override
    public void close() {
        putters.shutdownNow();
        if (producer != null) {
            producer.close();
        }
    }
}
