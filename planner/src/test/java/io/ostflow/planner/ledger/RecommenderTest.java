package io.ostflow.planner.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recommended model of a target: chosen on validation, never on held-out Dice. */
class RecommenderTest {
    static final String TARGET = "05-T1ce-ET";

    static TrainedModel model(
            String id, JobKind kind, List<String> path, Double validation, double heldOut) {
        List<TrainingJob.Stage> stages = new java.util.ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            stages.add(
                    new TrainingJob.Stage(
                            i == 0 ? StageType.PRETRAIN : StageType.FINETUNE, path.get(i), 3));
        }
        stages.add(new TrainingJob.Stage(StageType.EVALUATE, TARGET, 0));
        TrainingJob job = new TrainingJob(id, TARGET, kind, 1, stages, 42, Instant.EPOCH);
        TrainingCompleted result =
                new TrainingCompleted(
                                id,
                                TARGET,
                                kind,
                                heldOut,
                                heldOut / 2,
                                "cpu",
                                List.of(),
                                "k",
                                List.of())
                        .withStages(validation, List.of());
        return new TrainedModel(job, result);
    }

    private static final TrainedModel SCRATCH =
            model("job-s", JobKind.SCRATCH, List.of(TARGET), 0.60, 0.70);
    private static final TrainedModel DIRECT =
            model("job-d", JobKind.DIRECT, List.of("01-T1ce-NCR", TARGET), 0.65, 0.50);
    private static final TrainedModel SEQUENTIAL =
            model(
                    "job-q",
                    JobKind.SEQUENTIAL,
                    List.of("01-FLAIR-ED", "02-T1ce-NCR", TARGET),
                    0.55,
                    0.95);

    @Test
    void theBestValidationDiceWinsWhateverTheHeldOutDiceSays() {
        Recommendation r = Recommender.recommend(TARGET, List.of(SCRATCH, SEQUENTIAL, DIRECT));

        assertThat(r.jobId())
                .as("sequential has the best held-out Dice, direct the best validation")
                .isEqualTo("job-d");
        assertThat(r.kind()).isEqualTo(JobKind.DIRECT);
        assertThat(r.path()).containsExactly("01-T1ce-NCR", TARGET);
        assertThat(r.validationDice()).isEqualTo(0.65);
        assertThat(r.heldOutDice()).isEqualTo(0.50);
        assertThat(r.scratch().jobId()).isEqualTo("job-s");
        assertThat(r.candidates()).isEqualTo(3);
        assertThat(r.scratchWins()).isFalse();
        assertThat(r.reason()).contains("direct", "0.650", "0.600 from scratch");
    }

    @Test
    void whenScratchWinsTheRecommendationSaysSoPlainly() {
        TrainedModel weakDirect =
                model("job-d", JobKind.DIRECT, List.of("01-T1ce-NCR", TARGET), 0.40, 0.99);
        Recommendation r = Recommender.recommend(TARGET, List.of(weakDirect, SCRATCH));

        assertThat(r.kind()).isEqualTo(JobKind.SCRATCH);
        assertThat(r.scratchWins()).isTrue();
        assertThat(r.reason()).contains("from scratch", "no source helps this target");
    }

    @Test
    void tiesGoToTheCheaperModel() {
        TrainedModel tiedSequential =
                model(
                        "job-a",
                        JobKind.SEQUENTIAL,
                        List.of("01-FLAIR-ED", "02-T1ce-NCR", TARGET),
                        0.60,
                        0.9);
        TrainedModel tiedDirect =
                model("job-b", JobKind.DIRECT, List.of("01-T1ce-NCR", TARGET), 0.60, 0.8);

        assertThat(
                        Recommender.recommend(TARGET, List.of(tiedSequential, tiedDirect, SCRATCH))
                                .jobId())
                .as("one training stage beats two, two beat three")
                .isEqualTo("job-s");
        assertThat(Recommender.recommend(TARGET, List.of(tiedSequential, tiedDirect)).jobId())
                .isEqualTo("job-b");
    }

    @Test
    void unvalidatedModelsAndOtherTargetsAreNeverRecommended() {
        TrainedModel unvalidated =
                model("job-u", JobKind.DIRECT, List.of("01-T1ce-NCR", TARGET), null, 0.99);
        Recommendation none = Recommender.recommend(TARGET, List.of(unvalidated));
        assertThat(none.jobId()).isNull();
        assertThat(none.candidates()).isZero();
        assertThat(none.reason()).contains("none validated");

        assertThat(Recommender.recommend("06-T2-ED", List.of(SCRATCH)).reason())
                .isEqualTo("no job of this target has finished yet");
    }

    /** A model scored on validation cases c1, c2, ...; its validation Dice is their mean. */
    static TrainedModel scored(String id, JobKind kind, List<String> path, double... perCase) {
        java.util.Map<String, Double> cases = new java.util.LinkedHashMap<>();
        for (int i = 0; i < perCase.length; i++) {
            cases.put("c" + (i + 1), perCase[i]);
        }
        double mean = java.util.Arrays.stream(perCase).average().orElseThrow();
        TrainedModel m = model(id, kind, path, mean, 0.5);
        return new TrainedModel(m.job(), m.result().withValidationCases(cases));
    }

    @Test
    void aTransferWithinOneStandardErrorOfScratchDoesNotDisplaceIt() {
        // Differences direct - scratch: +0.20, -0.10 -> mean 0.05, standard error 0.15.
        TrainedModel scratch = scored("job-s", JobKind.SCRATCH, List.of(TARGET), 0.70, 0.80);
        TrainedModel noisy =
                scored("job-d", JobKind.DIRECT, List.of("01-T1ce-NCR", TARGET), 0.90, 0.70);

        Recommendation r = Recommender.recommend(TARGET, List.of(noisy, scratch));

        assertThat(r.jobId()).isEqualTo("job-s");
        assertThat(r.scratchWins()).isTrue();
        assertThat(r.reason())
                .contains("within one standard error (0.150)", "0.800", "cannot tell");
        assertThat(Recommender.standardError(noisy, scratch)).isCloseTo(0.15, within(1e-9));
    }

    @Test
    void aTransferBetterOnEveryValidationCaseByMoreThanTheNoiseWins() {
        // Differences +0.10, +0.12 -> mean 0.11, standard error 0.01.
        TrainedModel scratch = scored("job-s", JobKind.SCRATCH, List.of(TARGET), 0.70, 0.80);
        TrainedModel steady =
                scored("job-d", JobKind.DIRECT, List.of("01-T1ce-NCR", TARGET), 0.80, 0.92);

        Recommendation r = Recommender.recommend(TARGET, List.of(scratch, steady));

        assertThat(r.jobId()).isEqualTo("job-d");
        assertThat(r.reason()).contains("validates best");
    }

    @Test
    void theCheapestModelWithinOneStandardErrorIsChosenNotTheRunnerUp() {
        // Sequential tops; direct (2 stages) and scratch (1) are both within its standard error.
        TrainedModel scratch = scored("job-s", JobKind.SCRATCH, List.of(TARGET), 0.60, 0.90);
        TrainedModel direct =
                scored("job-d", JobKind.DIRECT, List.of("01-T1ce-NCR", TARGET), 0.80, 0.78);
        TrainedModel sequential =
                scored(
                        "job-q",
                        JobKind.SEQUENTIAL,
                        List.of("01-FLAIR-ED", "02-T1ce-NCR", TARGET),
                        0.95,
                        0.70);

        assertThat(Recommender.recommend(TARGET, List.of(sequential, direct, scratch)).jobId())
                .isEqualTo("job-s");
    }

    @Test
    void ofEquallyCheapModelsWithinTheStandardErrorTheBetterValidatedIsChosen() {
        // scratch on two seeds and a transfer that tops them by less than the noise
        TrainedModel weaker = scored("job-a", JobKind.SCRATCH, List.of(TARGET), 0.70, 0.74);
        TrainedModel stronger = scored("job-b", JobKind.SCRATCH, List.of(TARGET), 0.76, 0.78);
        TrainedModel direct =
                scored("job-d", JobKind.DIRECT, List.of("01-T1ce-NCR", TARGET), 0.95, 0.62);

        Recommendation r = Recommender.recommend(TARGET, List.of(direct, weaker, stronger));

        assertThat(r.jobId()).isEqualTo("job-b");
        assertThat(r.reason())
                .contains("training from scratch on the target's own cases validates at 0.770")
                .contains("of the best, direct transfer 01-T1ce-NCR > " + TARGET);
    }

    @Test
    void withOneSharedValidationCaseThePlainOrderDecides() {
        TrainedModel scratch = scored("job-s", JobKind.SCRATCH, List.of(TARGET), 0.70);
        TrainedModel direct = scored("job-d", JobKind.DIRECT, List.of("01-T1ce-NCR", TARGET), 0.71);

        assertThat(Recommender.standardError(direct, scratch)).isZero();
        assertThat(Recommender.recommend(TARGET, List.of(scratch, direct)).jobId())
                .isEqualTo("job-d");
    }
}
