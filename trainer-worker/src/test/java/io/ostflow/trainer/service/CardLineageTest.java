package io.ostflow.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.storage.ObjectStore;
import io.ostflow.local.testing.SharedLocalStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cards' lineage index on the real S3 server, each test on a bucket of its own. */
class CardLineageTest {
    private final ObjectStore store = SharedLocalStack.get().objectStore();
    private String bucket;

    @BeforeEach
    void bucket() {
        bucket = "cards-" + System.nanoTime();
        store.ensureBucket(bucket);
    }

    @Test
    void cardsFromBeforeTheIndexAreFoundOnceIndexedAndNewOnesByTheirMarkers() {
        TestCards.writeUnindexed(store, bucket, TestCards.card("job-old", "01-T1-ED"));
        TestCards.writeUnindexed(store, bucket, TestCards.card("job-other", "02-T1-ED"));
        CardLineage lineage = new CardLineage(store, bucket);

        assertThat(lineage.jobsTrainedOn("01-T1-ED")).containsExactly("job-old");

        TestCards.write(store, bucket, TestCards.card("job-new", "01-T1-ED"));
        assertThat(lineage.jobsTrainedOn("01-T1-ED"))
                .containsExactlyInAnyOrder("job-old", "job-new");
        assertThat(lineage.jobsTrainedOn("02-T1-ED")).containsExactly("job-other");
        assertThat(lineage.jobsTrainedOn("03-T1-ED")).isEmpty();
    }

    @Test
    void aWithdrawnTaskMarksExactlyTheCardsTrainedOnItOnce() {
        TestCards.writeUnindexed(store, bucket, TestCards.card("job-old", "01-T1-ED"));
        TestCards.write(store, bucket, TestCards.card("job-new", "01-T1-ED"));
        TestCards.write(store, bucket, TestCards.card("job-other", "02-T1-ED"));
        new CardLineage(store, bucket).record(TestCards.card("job-no-card", "01-T1-ED"));
        WithdrawnCards cards = new WithdrawnCards(store, bucket);

        assertThat(cards.mark("01-T1-ED"))
                .as("both cards, the job without one skipped")
                .isEqualTo(2);
        assertThat(cards.mark("01-T1-ED")).as("idempotent").isZero();
        assertThat(read("job-old").withdrawnTasks()).containsExactly("01-T1-ED");
        assertThat(read("job-other").withdrawnTasks()).isEmpty();
    }

    private ModelCard read(String jobId) {
        return WithdrawnCards.read(store, bucket, ModelCard.key(jobId));
    }
}
