package io.ostflow.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.trainer.service.StagePlans.StagePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which jobs measure LEEP and which cases validate the final model, without training anything. */
class EvaluatorTest {
    private static final String TARGET = "05-T1-ED";

    private static TrainingJob job(JobKind kind, List<TrainingJob.Stage> stages) {
        return new TrainingJob("job-e", TARGET, kind, 1, stages, 42, Instant.EPOCH);
    }

    private static TrainingJob.Stage stage(StageType type, String task) {
        return new TrainingJob.Stage(type, task, type.trains() ? 3 : 0);
    }

    private static StagePlan plan(List<String> validation) {
        return new StagePlan(List.of("case000"), validation, null, null, List.of());
    }

    @Test
    void aTransferMeasuresLeepAfterItsLastSourceStage() {
        List<TrainingJob.Stage> direct =
                List.of(
                        stage(StageType.PRETRAIN, "01-T1-ED"),
                        stage(StageType.FINETUNE, TARGET),
                        stage(StageType.EVALUATE, TARGET));
        assertThat(Evaluator.leepStage(job(JobKind.DIRECT, direct))).isZero();
        List<TrainingJob.Stage> path =
                List.of(
                        stage(StageType.PRETRAIN, "01-T1-ED"),
                        stage(StageType.FINETUNE, "02-T1-ED"),
                        stage(StageType.FINETUNE, TARGET),
                        stage(StageType.EVALUATE, TARGET));
        assertThat(Evaluator.leepStage(job(JobKind.SEQUENTIAL, path)))
                .as("the path's last intermediate")
                .isEqualTo(1);
        List<TrainingJob.Stage> scratch =
                List.of(stage(StageType.PRETRAIN, TARGET), stage(StageType.EVALUATE, TARGET));
        assertThat(Evaluator.leepStage(job(JobKind.DIRECT, scratch))).isEqualTo(-1);
        assertThat(Evaluator.leepStage(job(JobKind.SCRATCH, direct))).isEqualTo(-1);
        assertThat(Evaluator.leepStage(job(JobKind.MULTITASK, direct))).isEqualTo(-1);
    }

    @Test
    void theFinalModelValidatesOnTheLastTargetStagesCases() {
        List<TrainingJob.Stage> stages =
                List.of(
                        stage(StageType.PRETRAIN, "01-T1-ED"),
                        stage(StageType.FINETUNE, "02-T1-ED"),
                        stage(StageType.FINETUNE, TARGET),
                        stage(StageType.EVALUATE, TARGET));
        List<StagePlan> plans = new ArrayList<>();
        plans.add(plan(List.of("s1")));
        plans.add(plan(List.of("s2")));
        plans.add(plan(List.of("case003", "case004")));
        plans.add(null);

        assertThat(Evaluator.targetValidation(job(JobKind.SEQUENTIAL, stages), plans))
                .containsExactly("case003", "case004");
        assertThat(
                        Evaluator.targetValidation(
                                job(JobKind.SEQUENTIAL, stages.subList(0, 2)), plans.subList(0, 2)))
                .as("no stage on the target: nothing validates")
                .isEmpty();
    }

    @Test
    void aValidJobPassesTheChecksAndAFirstStageThatIsNoPretrainingDoesNot() {
        JobChecks.validate(
                job(
                        JobKind.SCRATCH,
                        List.of(
                                stage(StageType.PRETRAIN, TARGET),
                                stage(StageType.EVALUATE, TARGET))));
        assertThatThrownBy(
                        () ->
                                JobChecks.validate(
                                        job(
                                                JobKind.SCRATCH,
                                                List.of(
                                                        stage(StageType.FINETUNE, TARGET),
                                                        stage(StageType.EVALUATE, TARGET)))))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("the first stage must be pretrain");
    }
}
