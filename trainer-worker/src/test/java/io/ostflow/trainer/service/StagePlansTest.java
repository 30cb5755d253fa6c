package io.ostflow.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.trainer.model.FineTuning;
import io.ostflow.trainer.model.TrainingSettings;
import io.ostflow.trainer.service.StagePlans.StagePlan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which cases and steps each stage of a job gets, without training anything. */
class StagePlansTest {
    private static final String REPRESENTATIVE = "01-FLAIR-ED";
    private static final String INTERMEDIATE = "02-FLAIR-NCR";
    private static final String TARGET = "03-FLAIR-ET";

    private static final Map<String, TaskRegistered> TASKS =
            Map.of(
                    REPRESENTATIVE, task(REPRESENTATIVE, Role.SOURCE, 20, 0),
                    INTERMEDIATE, task(INTERMEDIATE, Role.SOURCE, 20, 0),
                    TARGET, task(TARGET, Role.TARGET, 5, 10));

    private static TaskRegistered task(String id, Role role, int cases, int heldOut) {
        List<String> training = ids(id + "-tr", cases);
        return new TaskRegistered(
                TaskId.parse(id),
                role,
                cases,
                "v1",
                1,
                training,
                ids(id + "-ts", heldOut),
                List.of(),
                List.of());
    }

    private static List<String> ids(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    private static TrainingJob job(JobKind kind, List<TrainingJob.Stage> stages) {
        return new TrainingJob("job-" + kind, TARGET, kind, 1, stages, 42, Instant.EPOCH);
    }

    private static TrainingJob.Stage stage(StageType type, String task, int cases) {
        return new TrainingJob.Stage(type, task, cases);
    }

    private static final TrainingJob SEQUENTIAL =
            job(
                    JobKind.SEQUENTIAL,
                    List.of(
                            stage(StageType.PRETRAIN, REPRESENTATIVE, 15),
                            stage(StageType.FINETUNE, INTERMEDIATE, 3),
                            stage(StageType.FINETUNE, TARGET, 3),
                            stage(StageType.EVALUATE, TARGET, 0)));
    private static final TrainingJob DIRECT =
            job(
                    JobKind.DIRECT,
                    List.of(
                            stage(StageType.PRETRAIN, INTERMEDIATE, 18),
                            stage(StageType.FINETUNE, TARGET, 3),
                            stage(StageType.EVALUATE, TARGET, 0)));
    private static final TrainingJob SCRATCH =
            job(
                    JobKind.SCRATCH,
                    List.of(
                            stage(StageType.PRETRAIN, TARGET, 3),
                            stage(StageType.EVALUATE, TARGET, 0)));

    private static List<StagePlan> plans(TrainingSettings settings, TrainingJob job) {
        List<TaskRegistered> stageTasks =
                job.stages().stream().map(s -> TASKS.get(s.task())).toList();
        return new StagePlans(settings)
                .of(job, stageTasks, id -> Optional.ofNullable(TASKS.get(id)));
    }

    /** The plan of the job's last training stage, the one on the target. */
    private static StagePlan onTarget(TrainingSettings settings, TrainingJob job) {
        List<StagePlan> plans = plans(settings, job);
        return plans.get(plans.size() - 2);
    }

    @Test
    void everyKindTrainsTheTargetEquallyLongOnTheSameCases() {
        TrainingSettings quick = TrainingSettings.quick();
        for (TrainingJob job : List.of(SEQUENTIAL, DIRECT, SCRATCH)) {
            StagePlan target = onTarget(quick, job);
            assertThat(target.steps()).as(job.kind().wire()).isEqualTo(quick.pretrainSteps());
            assertThat(target.cases())
                    .as(job.kind().wire())
                    .containsExactly(TARGET + "-tr0", TARGET + "-tr1", TARGET + "-tr2");
            assertThat(target.validation())
                    .as("the labelled cases beyond the budget: " + job.kind().wire())
                    .containsExactly(TARGET + "-tr3", TARGET + "-tr4");
        }
        assertThat(plans(quick, SEQUENTIAL).get(1).steps())
                .as("an intermediate stage keeps its own count")
                .isEqualTo(quick.finetuneSteps());
        TrainingSettings set = quick.toBuilder().targetSteps(77).build();
        assertThat(List.of(SEQUENTIAL, DIRECT, SCRATCH))
                .allSatisfy(job -> assertThat(onTarget(set, job).steps()).isEqualTo(77));
    }

    @Test
    void validationNeverReadsAHeldOutCase() {
        TrainingSettings many =
                TrainingSettings.quick().toBuilder().targetValidationCases(4).build();
        for (TrainingJob job : List.of(SEQUENTIAL, DIRECT, SCRATCH)) {
            StagePlan target = onTarget(many, job);
            assertThat(target.validation())
                    .as("at most all but one of the labelled budget")
                    .hasSize(2)
                    .doesNotContainAnyElementsOf(TASKS.get(TARGET).evaluationCases())
                    .doesNotContainAnyElementsOf(target.cases());
        }
        // A target without held-out cases: its last quarter is the evaluation split.
        TaskRegistered bare = task(TARGET, Role.TARGET, 8, 0);
        StagePlans.Split split = new StagePlans(many).split(bare, TARGET, 8);
        assertThat(split.validation())
                .doesNotContainAnyElementsOf(StagePlans.evaluationCaseIds(bare));
        assertThat(split.training())
                .doesNotContainAnyElementsOf(StagePlans.evaluationCaseIds(bare));
    }

    /** Labelled cases = budget: none to spare, so the budget's last case validates. */
    @ParameterizedTest
    @CsvSource({"3, 2, 1", "2, 1, 1", "1, 1, 0"})
    void fewLabelledCasesKeepAtLeastOneToTrainOn(int labelled, int training, int validating) {
        TaskRegistered few = task(TARGET, Role.TARGET, labelled, 10);
        StagePlans.Split split =
                new StagePlans(TrainingSettings.quick()).split(few, TARGET, labelled);
        assertThat(split.training()).hasSize(training);
        assertThat(split.validation()).hasSize(validating);
    }

    @Test
    void theHeadIsReinitialisedExactlyWhenTheObjectiveChanges() {
        TrainingSettings newHead =
                TrainingSettings.quick().toBuilder()
                        .fineTuning(
                                FineTuning.paper().withHead(FineTuning.HeadRule.OBJECTIVE_CHANGE))
                        .build();
        // ED -> NCR -> ET: both fine-tunings change objective
        assertThat(plans(newHead, SEQUENTIAL))
                .extracting(p -> p == null ? null : p.schedule().newHead())
                .containsExactly(false, true, true, null);
        TrainingJob sameObjective =
                job(
                        JobKind.DIRECT,
                        List.of(
                                stage(StageType.PRETRAIN, "04-T1-ET", 18),
                                stage(StageType.FINETUNE, TARGET, 3),
                                stage(StageType.EVALUATE, TARGET, 0)));
        TaskRegistered t1 = task("04-T1-ET", Role.SOURCE, 20, 0);
        List<StagePlan> plans =
                new StagePlans(newHead)
                        .of(
                                sameObjective,
                                List.of(t1, TASKS.get(TARGET), TASKS.get(TARGET)),
                                id -> Optional.empty());
        assertThat(plans.get(1).schedule().newHead()).as("ET -> ET keeps its head").isFalse();
        assertThat(
                        plans(
                                TrainingSettings.quick().toBuilder()
                                        .fineTuning(FineTuning.paper())
                                        .build(),
                                SEQUENTIAL))
                .as("never under the paper's rules")
                .noneMatch(p -> p != null && p.schedule().newHead());
    }

    @Test
    void underTheTargetRuleOnlyTheStageOnTheTargetStartsFromANewHead() {
        TrainingSettings onTarget =
                TrainingSettings.quick().toBuilder()
                        .fineTuning(FineTuning.paper().withHead(FineTuning.HeadRule.TARGET))
                        .build();
        assertThat(plans(onTarget, SEQUENTIAL))
                .extracting(p -> p == null ? null : p.schedule().newHead())
                .as("pre-training, intermediate, target, evaluation")
                .containsExactly(false, false, true, null);
        assertThat(TrainingSettings.quick().fineTuning().head())
                .as("the default, measured in docs/trainer.md")
                .isEqualTo(FineTuning.HeadRule.TARGET);
    }

    @Test
    void theFineTuningRulesApplyToFineTuningStagesOnly() {
        TrainingSettings whole =
                TrainingSettings.quick().toBuilder()
                        .fineTuning(
                                FineTuning.paper()
                                        .withScope(FineTuning.Scope.WHOLE_NETWORK)
                                        .withRateFactor(1 / 3f)
                                        .withWarmupSteps(10))
                        .build();
        List<StagePlan> plans = plans(whole, SEQUENTIAL);
        assertThat(plans.get(0).schedule())
                .extracting("freezeEncoder", "learningRate", "warmupSteps")
                .containsExactly(false, whole.learningRate(), 0);
        assertThat(plans.get(2).schedule())
                .extracting("freezeEncoder", "learningRate", "warmupSteps")
                .containsExactly(false, whole.learningRate() / 3f, 10);
        assertThat(plans(TrainingSettings.quick(), SEQUENTIAL).get(2).frozen())
                .as("the paper's frozen encoder by default")
                .isTrue();
    }

    @Test
    void changingOnlyHowTheTargetIsFineTunedKeepsThePretrainingsKey() {
        TrainingSettings quick = TrainingSettings.quick();
        TrainingSettings other =
                quick.toBuilder()
                        .targetSteps(33)
                        .finetuneSteps(7)
                        .fineTuning(
                                FineTuning.paper()
                                        .withWarmupSteps(5)
                                        .withHead(FineTuning.HeadRule.OBJECTIVE_CHANGE))
                        .build();
        List<StagePlan> before = plans(quick, SEQUENTIAL);
        List<StagePlan> after = plans(other, SEQUENTIAL);
        assertThat(after.get(0).key()).isEqualTo(before.get(0).key());
        assertThat(after.get(1).key()).isNotEqualTo(before.get(1).key());
        assertThat(after.get(2).key()).isNotEqualTo(before.get(2).key());
        TrainingSettings otherPretraining = quick.toBuilder().pretrainSteps(151).build();
        assertThat(plans(otherPretraining, SEQUENTIAL).get(0).key())
                .isNotEqualTo(before.get(0).key());
    }
}
