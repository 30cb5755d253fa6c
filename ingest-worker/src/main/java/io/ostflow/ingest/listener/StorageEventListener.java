package io.ostflow.ingest.listener;

import io.ostflow.common.Json;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.Problem;
import io.ostflow.common.events.SiteChanged;
import io.ostflow.common.storage.MinioNotification;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.ingest.config.Channels;
import io.ostflow.ingest.config.IngestConfig;
import io.ostflow.ingest.domain.Messages;
import io.ostflow.ingest.domain.Reasons;
import io.ostflow.ingest.service.DropProcessor;
import io.ostflow.ingest.service.IngestEvents;
import io.ostflow.ingest.service.IngestMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Routes MinIO bucket notifications to the site that changed. The arrival of a site's {@code
 * dataset.json} makes a {@code SiteChanged} (sites upload it last); other objects are picked up
 * then, or by the reconciler. The removal of any object of a site makes one too, so that a site
 * fixes a drop by deleting what was wrong (a new version). {@code SiteChanged} is keyed by site:
 * {@link SiteChangeListener} in whichever instance owns the site's partition decides the drop. The
 * record is acknowledged once the change is durable; a malformed record is rejected and
 * dead-lettered.
 */
@ApplicationScoped
public class StorageEventListener {
    private static final Logger LOG = Logger.getLogger(StorageEventListener.class);
    private static final String UNKNOWN = "unknown";

    @Inject DropProcessor processor;

    @Inject IngestConfig config;

    @Inject IngestMetrics metrics;

    @Inject IngestEvents events;

    @Inject Clock clock;

    /** Recently seen (event, bucket, key, etag, sequencer): MinIO delivers at least once. */
    private final Set<String> recent =
            Collections.newSetFromMap(
                    new LinkedHashMap<>(256, 0.75f, true) {
                        @Override
                        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                            return size() > 10_000;
                        }
                    });

    @Incoming(Channels.STORAGE_EVENTS)
    @Blocking
    public void onNotification(ConsumerRecord<String, String> record) {
        MinioNotification notification = parse(record);
        for (MinioNotification.Record event : notification.records()) {
            handle(event);
        }
    }

    private void handle(MinioNotification.Record event) {
        boolean created = event.isCreated();
        if (!(created || event.isRemoved())
                || !config.s3().landingBucket().equals(event.s3().bucket().name())) {
            return;
        }
        String key = event.decodedKey();
        Optional<String> unsafe = ObjectKeys.unsafeReason(key);
        if (unsafe.isPresent()) {
            processor.reject(
                    siteOf(key),
                    UNKNOWN,
                    List.of(new Problem(key, Reasons.UNSAFE_KEY, unsafe.get())));
            metrics.rejectedEarly();
            return;
        }
        int slash = key.indexOf('/');
        if (slash < 0 || (created && !key.substring(slash + 1).equals(ObjectKeys.DATASET_JSON))) {
            return;
        }
        var object = event.s3().object();
        if (!remember(
                event.eventName()
                        + "|"
                        + event.s3().bucket().name()
                        + "|"
                        + key
                        + "|"
                        + object.eTag()
                        + "|"
                        + object.sequencer())) {
            LOG.debugf("duplicate notification for %s ignored", key);
            return;
        }
        SiteChanged.Cause cause =
                created ? SiteChanged.Cause.DESCRIPTOR_WRITTEN : SiteChanged.Cause.OBJECT_REMOVED;
        events.siteChanged(new SiteChanged(key.substring(0, slash), key, cause, clock.instant()));
        LOG.debugf("notification for %s: %s", key, cause);
    }

    private synchronized boolean remember(String identity) {
        return recent.add(identity);
    }

    private MinioNotification parse(ConsumerRecord<String, String> record) {
        try {
            MinioNotification notification =
                    Json.mapper().readValue(record.value(), MinioNotification.class);
            if (notification.records() == null || notification.records().isEmpty()) {
                throw new IllegalArgumentException("no Records");
            }
            for (MinioNotification.Record event : notification.records()) {
                if (event.eventName() == null
                        || event.s3() == null
                        || event.s3().bucket() == null
                        || event.s3().object() == null
                        || event.s3().object().key() == null) {
                    throw new IllegalArgumentException(
                            "a record lacks eventName, s3.bucket or s3.object.key");
                }
            }
            return notification;
        } catch (Exception e) {
            String key = record.key() == null ? "" : record.key();
            String message =
                    "not a MinIO bucket notification: " + Messages.firstLine(e.getMessage());
            processor.reject(
                    siteOfRecordKey(key),
                    UNKNOWN,
                    List.of(new Problem(key, Reasons.MALFORMED_NOTIFICATION, message)));
            metrics.rejectedEarly();
            throw new IllegalArgumentException(message, e);
        }
    }

    /** Record keys are {@code bucket/site/...}. */
    private static String siteOfRecordKey(String recordKey) {
        int slash = recordKey.indexOf('/');
        return slash < 0 ? UNKNOWN : siteOf(recordKey.substring(slash + 1));
    }

    private static String siteOf(String objectKey) {
        int slash = objectKey.indexOf('/');
        String site = slash < 0 ? objectKey : objectKey.substring(0, slash);
        return TaskId.isValidSite(site) ? site : UNKNOWN;
    }
}
