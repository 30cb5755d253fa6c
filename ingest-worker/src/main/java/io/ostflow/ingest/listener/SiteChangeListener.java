package io.ostflow.ingest.listener;

import io.ostflow.common.events.SiteChanged;
import io.ostflow.common.storage.StorageRetry;
import io.ostflow.ingest.config.Channels;
import io.ostflow.ingest.domain.SiteChanges;
import io.ostflow.ingest.service.DropProcessor;
import io.ostflow.ingest.service.IngestMetrics;
import io.ostflow.ingest.service.SiteChangeHandler;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Decides drops and withdrawals ({@link SiteChangeHandler}): consumes the site-keyed changes in the
 * consumer group {@code ostflow-ingest}, so that each instance of the ingest-worker owns the sites
 * of its partitions and every drop version is registered or rejected by one instance. The record is
 * acknowledged after processing returns (its events are durable by then); one that names no valid
 * site is dead-lettered with the reason, and so is one whose object store could not answer after
 * {@link StorageRetry}'s attempts: an outage is never a rejection.
 */
@ApplicationScoped
public class SiteChangeListener {
    private static final Logger LOG = Logger.getLogger(SiteChangeListener.class);

    @Inject SiteChangeHandler handler;

    @Inject IngestMetrics metrics;

    @Inject StorageRetry retry;

    @Incoming(Channels.SITE_CHANGES)
    @Blocking
    public void onSiteChanged(ConsumerRecord<String, String> record) {
        SiteChanged change = SiteChanges.parse(record.value());
        DropProcessor.Outcome outcome =
                metrics.timeDrop(
                        () -> retry.run("drop of " + change.site(), () -> handler.handle(change)));
        LOG.infof("%s of %s (%s): %s", change.cause(), change.site(), change.object(), outcome);
    }
}
