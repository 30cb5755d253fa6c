package io.ostflow.ingest.service;

import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.ingest.config.IngestConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Lists the landing bucket shortly after start and then periodically, and processes every drop
 * whose current version is neither registered nor rejected: a lost notification never loses a
 * dataset. Processing is idempotent, so overlapping with the listener is harmless.
 */
@ApplicationScoped
public class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    @Inject ObjectStore store;

    @Inject DropProcessor processor;

    @Inject IngestConfig config;

    @Inject IngestMetrics metrics;

    @Scheduled(
            identity = "reconcile-landing-bucket",
            every = "${ostflow.ingest.reconcile-every}",
            delayed = "${ostflow.ingest.reconcile-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        Map<String, DropProcessor.Outcome> outcomes = reconcileNow();
        outcomes.values().removeIf(o -> o == DropProcessor.Outcome.ALREADY_DONE);
        if (!outcomes.isEmpty()) {
            LOG.infof("reconciliation processed %s", outcomes);
        }
    }

    /** One pass over every site that has a dataset.json; returns what happened per site. */
    public Map<String, DropProcessor.Outcome> reconcileNow() {
        Map<String, DropProcessor.Outcome> outcomes = new TreeMap<>();
        for (String site : sitesWithDescriptor()) {
            try {
                outcomes.put(site, metrics.timeDrop(() -> processor.process(site)));
            } catch (RuntimeException e) {
                LOG.errorf(e, "reconciliation of site %s failed; it is retried next time", site);
            }
        }
        return outcomes;
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
