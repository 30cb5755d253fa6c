package io.ostflow.trainer.service;

import io.ostflow.common.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;

/**
 * An index of the model cards by the tasks of their lineage, in the models bucket: an empty {@code
 * lineage/TASK/JOB} per task a card's model was trained or evaluated on, written before the card. A
 * withdrawn task's cards are then one listing away, not a scan of the whole bucket. Cards written
 * before the index existed are indexed by one scan, the first time the index is asked.
 */
final class CardLineage {
    private static final String PREFIX = "lineage/";
    private static final String INDEXED = PREFIX + ".indexed";
    private static final String CARD = "/model-card.json";

    private final ObjectStore store;
    private final String bucket;

    CardLineage(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    /** Indexes a card; call before the card itself is written, so no card is missed. */
    void record(ModelCard card) {
        for (String task : card.lineageTasks()) {
            store.put(bucket, PREFIX + task + "/" + card.jobId(), new byte[0], "text/plain");
        }
    }

    /** The jobs whose cards name {@code task} in their lineage (some may have no card yet). */
    List<String> jobsTrainedOn(String task) {
        if (store.stat(bucket, INDEXED).isEmpty()) {
            indexOlderCards();
        }
        String prefix = PREFIX + task + "/";
        List<String> jobs = new ArrayList<>();
        for (ObjectStore.StoredObject marker : store.list(bucket, prefix)) {
            jobs.add(marker.key().substring(prefix.length()));
        }
        return jobs;
    }

    /** Once: every card of the bucket, written before the index, gets its markers. */
    private void indexOlderCards() {
        for (ObjectStore.StoredObject object : store.list(bucket, "")) {
            if (object.key().endsWith(CARD)) {
                record(WithdrawnCards.read(store, bucket, object.key()));
            }
        }
        store.put(bucket, INDEXED, new byte[0], "text/plain");
    }
}
