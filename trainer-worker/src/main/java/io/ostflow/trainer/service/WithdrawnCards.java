package io.ostflow.trainer.service;

import io.ostflow.common.Json;
import io.ostflow.common.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Says on a model's card that a task of its lineage was withdrawn by its site (docs/trainer.md,
 * Model cards): every card in the models bucket whose stages (or joint tasks) include the task, and
 * that does not say so yet, is written again with the task in {@code withdrawnTasks}. Idempotent: a
 * tombstone delivered again, or seen by every trainer, rewrites nothing. O(cards) reads per
 * withdrawn task.
 */
public final class WithdrawnCards {
    private static final String CARD = "/model-card.json";

    private final ObjectStore store;
    private final String modelsBucket;

    public WithdrawnCards(ObjectStore store, String modelsBucket) {
        this.store = store;
        this.modelsBucket = modelsBucket;
    }

    /** Marks the cards of the models trained on {@code task}; how many it wrote. */
    public int mark(String task) {
        int written = 0;
        for (ObjectStore.StoredObject object : store.list(modelsBucket, "")) {
            if (!object.key().endsWith(CARD)) {
                continue;
            }
            ModelCard card = read(object.key());
            if (card.trainedOn(task) && !card.withdrawnTasks().contains(task)) {
                write(object.key(), card.withWithdrawn(task));
                written++;
            }
        }
        return written;
    }

    private ModelCard read(String key) {
        try {
            return Json.mapper().readValue(store.get(modelsBucket, key), ModelCard.class);
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
