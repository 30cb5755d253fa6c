package io.ostflow.trainer.service;

import io.ostflow.common.Json;
import io.ostflow.common.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Says on a model's card that a task of its lineage was withdrawn by its site (docs/trainer.md,
 * Model cards): every card whose stages (or joint tasks) include the task, and that does not say so
 * yet, is written again with the task in {@code withdrawnTasks}. The cards are found through their
 * lineage index ({@link CardLineage}): O(cards trained on the task) reads per withdrawn task.
 * Idempotent: a tombstone delivered again, or seen by every trainer, rewrites nothing.
 */
public final class WithdrawnCards {
    private final ObjectStore store;
    private final String modelsBucket;
    private final CardLineage lineage;

    public WithdrawnCards(ObjectStore store, String modelsBucket) {
        this.store = store;
        this.modelsBucket = modelsBucket;
        this.lineage = new CardLineage(store, modelsBucket);
    }

    /** Marks the cards of the models trained on {@code task}; how many it wrote. */
    public int mark(String task) {
        int written = 0;
        for (String jobId : lineage.jobsTrainedOn(task)) {
            String key = ModelCard.key(jobId);
            if (store.stat(modelsBucket, key).isEmpty()) {
                continue; // indexed, and its trainer died before it wrote the card
            }
            ModelCard card = read(store, modelsBucket, key);
            if (card.trainedOn(task) && !card.withdrawnTasks().contains(task)) {
                write(key, card.withWithdrawn(task));
                written++;
            }
        }
        return written;
    }

    static ModelCard read(ObjectStore store, String bucket, String key) {
        try {
            return Json.mapper().readValue(store.get(bucket, key), ModelCard.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable model card " + key, e);
        }
    }

    private void write(String key, ModelCard card) {
        try {
            store.put(
                    modelsBucket,
                    key,
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(card),
                    "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
