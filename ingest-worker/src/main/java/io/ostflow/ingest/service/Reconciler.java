package io.ostflow.ingest.service;

import io.ostflow.common.events.SiteChanged;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.ingest.config.IngestConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Lists the landing bucket shortly after start and then periodically, and hands every site whose
 * current drop version is neither registered nor rejected to its partition's owner as a {@code
 * SiteChanged}: a lost notification never loses a dataset, and with several instances the drop is
 * still decided by one. Processing is idempotent, so a change seen twice is harmless.
 */
@ApplicationScoped
public class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    @Inject ObjectStore store;

    @Inject DropProcessor processor;

    @Inject SiteWithdrawals withdrawals;

    @Inject IngestConfig config;

    @Inject IngestEvents events;

    @Inject Clock clock;

    @Scheduled(
            identity = "reconcile-landing-bucket",
            every = "${ostflow.ingest.reconcile-every}",
            delayed = "${ostflow.ingest.reconcile-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        List<String> handedOver = reconcileNow();
        if (!handedOver.isEmpty()) {
            LOG.infof("reconciliation found undecided drops of %s", handedOver);
        }
    }

    /** One pass over every site that has a dataset.json; returns the sites handed over. */
    public List<String> reconcileNow() {
        List<String> handedOver = new ArrayList<>();
        for (String site : sitesWithDescriptor()) {
            try {
                // a withdrawn site comes back when it writes its descriptor, never by a listing
                if (withdrawals.of(site).isEmpty() && processor.isUndecided(site)) {
                    events.siteChanged(
                            new SiteChanged(
                                    site,
                                    ObjectKeys.datasetJson(site),
                                    SiteChanged.Cause.RECONCILIATION,
                                    clock.instant()));
                    handedOver.add(site);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "reconciliation of site %s failed; it is retried next time", site);
            }
        }
        return handedOver;
    }

    private List<String> sitesWithDescriptor() {
        return store.list(config.s3().landingBucket(), "").stream()
                .map(ObjectStore.StoredObject::key)
                .filter(
                        key ->
                                key.endsWith("/" + ObjectKeys.DATASET_JSON)
                                        && key.indexOf('/') == key.lastIndexOf('/'))
                .map(key -> key.substring(0, key.indexOf('/')))
                .filter(site -> ObjectKeys.unsafeReason(site).isEmpty())
                .sorted()
                .toList();
    }
}
