package io.ostflow.trainer.service;

import io.ostflow.common.Json;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.trainer.model.TrainingSettings;
import java.time.Instant;
import java.util.List;

/** Model cards for tests of the cards' catalogue, without training a model. */
final class TestCards {
    private TestCards() {}

    /** The card of a direct job pre-trained on {@code sourceTask}, Dice 0.5. */
    static ModelCard card(String jobId, String sourceTask) {
        ModelCard.Stage stage =
                new ModelCard.Stage(
                        StageType.PRETRAIN,
                        sourceTask,
                        "v1",
                        List.of(0, 1),
                        List.of("case001"),
                        List.of(),
                        10,
                        "stage-key",
                        false,
                        1.0,
                        List.of());
        return new ModelCard(
                jobId,
                "t-T1-ED",
                JobKind.DIRECT,
                jobId + "/stage-1.params",
                List.of(stage),
                TrainingSettings.quick(),
                "cpu",
                0.5,
                0.4,
                null,
                List.of(),
                "test",
                Instant.now(),
                List.of());
    }

    /** As a trainer writes a card: its lineage first, then the card. */
    static void write(ObjectStore store, String bucket, ModelCard card) {
        new CardLineage(store, bucket).record(card);
        writeUnindexed(store, bucket, card);
    }

    /** As a trainer before the lineage index wrote a card. */
    static void writeUnindexed(ObjectStore store, String bucket, ModelCard card) {
        try {
            store.put(
                    bucket,
                    ModelCard.key(card.jobId()),
                    Json.mapper().writeValueAsBytes(card),
                    "application/json");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
