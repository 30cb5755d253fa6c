package io.ostflow.planner.ledger;

import static io.ostflow.planner.ledger.RecommenderTest.TARGET;
import static io.ostflow.planner.ledger.RecommenderTest.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.PredictionsWritten;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The masks served for a target come from its recommended model, chosen on validation only. */
class PredictionChoiceTest {
    private static final TrainedModel SCRATCH =
            model("job-s", JobKind.SCRATCH, List.of(TARGET), 0.60, 0.90);
    private static final TrainedModel DIRECT =
            model("job-d", JobKind.DIRECT, List.of("01-T1ce-NCR", TARGET), 0.70, 0.40);
    private static final TrainedModel AUDITED =
            model("job-a", JobKind.DIRECT, List.of("02-T1ce-ET", TARGET), 0.80, 0.30);

    private static PredictionsWritten masks(String jobId, long second) {
        return new PredictionsWritten(
                jobId, TARGET, jobId + "/stage-2.params", List.of(), Instant.ofEpochSecond(second));
    }

    @Test
    void theRecommendedModelsMasksAreServedNotTheLatestNorTheBestHeldOut() {
        Map<String, PredictionsWritten> written =
                Map.of("job-s", masks("job-s", 20), "job-d", masks("job-d", 10));

        ServedPredictions served =
                PredictionChoice.choose(TARGET, written, List.of(SCRATCH, DIRECT)).orElseThrow();

        assertThat(served.jobId())
                .as("direct validates best; scratch is later and better on held-out cases")
                .isEqualTo("job-d");
        assertThat(served.recommended()).isTrue();
        assertThat(served.reason()).startsWith("the recommended model's masks");
    }

    @Test
    void aRecommendedModelWithoutMasksFallsBackToTheBestValidatedThatHasThemAndSaysSo() {
        Map<String, PredictionsWritten> written =
                Map.of("job-s", masks("job-s", 10), "job-d", masks("job-d", 20));

        ServedPredictions served =
                PredictionChoice.choose(TARGET, written, List.of(SCRATCH, DIRECT, AUDITED))
                        .orElseThrow();

        assertThat(served.jobId()).isEqualTo("job-d");
        assertThat(served.recommended()).isFalse();
        assertThat(served.reason()).contains("job-a", "has no masks");
    }

    @Test
    void withoutAValidatedModelTheLatestMasksAreServed() {
        TrainedModel unvalidated = model("job-u", JobKind.SCRATCH, List.of(TARGET), null, 0.9);
        Map<String, PredictionsWritten> written =
                Map.of("job-u", masks("job-u", 10), "job-v", masks("job-v", 30));

        ServedPredictions served =
                PredictionChoice.choose(TARGET, written, List.of(unvalidated)).orElseThrow();

        assertThat(served.jobId()).isEqualTo("job-v");
        assertThat(served.recommended()).isFalse();
        assertThat(PredictionChoice.choose(TARGET, Map.of(), List.of(SCRATCH))).isEmpty();
    }
}
