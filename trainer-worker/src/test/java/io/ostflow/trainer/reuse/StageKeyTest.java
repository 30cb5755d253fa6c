package io.ostflow.trainer.reuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.trainer.model.TrainingSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageKeyTest {
    private static final TrainingSettings QUICK = TrainingSettings.quick();
    private static final List<String> CASES = List.of("case001", "case002");

    private static TaskRegistered task(String version) {
        return new TaskRegistered(
                TaskId.parse("01-T1-ED"),
                Role.SOURCE,
                2,
                version,
                2,
                CASES,
                List.of(),
                List.of(),
                List.of());
    }

    private static StageKey key(
            StageKey previous, TrainingSettings settings, TaskRegistered task, List<String> cases) {
        return StageKey.of(previous, settings, 0, StageType.PRETRAIN, task, cases, List.of(), 10);
    }

    @Test
    void theSameStageHasTheSameKey() {
        assertThat(key(null, QUICK, task("v1"), CASES))
                .isEqualTo(key(null, QUICK, task("v1"), List.copyOf(CASES)));
        assertThat(key(null, QUICK, task("v1"), CASES).value()).hasSize(32);
    }

    @Test
    void aNewDatasetVersionOtherCasesOrOtherSettingsChangeIt() {
        StageKey base = key(null, QUICK, task("v1"), CASES);

        assertThat(key(null, QUICK, task("v2"), CASES)).isNotEqualTo(base);
        assertThat(key(null, QUICK, task("v1"), List.of("case001"))).isNotEqualTo(base);
        assertThat(key(null, QUICK.toBuilder().seed(43).build(), task("v1"), CASES))
                .isNotEqualTo(base);
        assertThat(key(null, QUICK.toBuilder().batchSize(5).build(), task("v1"), CASES))
                .isNotEqualTo(base);
        assertThat(key(null, QUICK.toBuilder().learningRate(0.002f).build(), task("v1"), CASES))
                .isNotEqualTo(base);
    }

    @Test
    void settingsOfOtherStagesDoNotChangeIt() {
        StageKey base = key(null, QUICK, task("v1"), CASES);
        // the stage's own steps are given; the recipe's counts and fine-tuning rules are others'
        assertThat(
                        key(
                                null,
                                QUICK.toBuilder()
                                        .pretrainSteps(151)
                                        .finetuneSteps(61)
                                        .targetSteps(99)
                                        .fineTuning(
                                                io.ostflow.trainer.model.FineTuning.paper()
                                                        .withRateFactor(0.5f))
                                        .build(),
                                task("v1"),
                                CASES))
                .isEqualTo(base);
        // inference settings matter only to a stage that validates
        assertThat(key(null, QUICK.withMirrorAtTest(true), task("v1"), CASES)).isEqualTo(base);
        StageKey validating =
                StageKey.of(
                        null, QUICK, 0, StageType.PRETRAIN, task("v1"), CASES, List.of("v"), 10);
        assertThat(
                        StageKey.of(
                                null,
                                QUICK.withMirrorAtTest(true),
                                0,
                                StageType.PRETRAIN,
                                task("v1"),
                                CASES,
                                List.of("v"),
                                10))
                .isNotEqualTo(validating);
    }

    @Test
    void aFineTuningIsKeyedByTheChainBeforeIt() {
        StageKey one = key(null, QUICK, task("v1"), CASES);
        StageKey other = key(null, QUICK, task("v2"), CASES);

        StageKey afterOne =
                StageKey.of(one, QUICK, 1, StageType.FINETUNE, task("v1"), CASES, List.of(), 5);
        StageKey afterOther =
                StageKey.of(other, QUICK, 1, StageType.FINETUNE, task("v1"), CASES, List.of(), 5);

        assertThat(afterOne).isNotEqualTo(afterOther);
        assertThat(afterOne.description()).contains(one.value());
    }

    @Test
    void aJointTaskChangesTheKeyAndAStageWithoutOneKeepsItsKey() {
        StageKey plain = key(null, QUICK, task("v1"), CASES);
        StageKey noJoint =
                StageKey.of(
                        null,
                        QUICK,
                        0,
                        StageType.PRETRAIN,
                        task("v1"),
                        CASES,
                        List.of(),
                        10,
                        List.of());
        StageKey joint =
                StageKey.of(
                        null,
                        QUICK,
                        0,
                        StageType.PRETRAIN,
                        task("v1"),
                        CASES,
                        List.of(),
                        10,
                        List.of(new StageKey.Joint(task("v9"), List.of("case001"))));

        assertThat(noJoint).isEqualTo(plain);
        assertThat(plain.description()).doesNotContain("joint");
        assertThat(joint.value()).isNotEqualTo(plain.value());
        assertThat(joint.description())
                .contains("\"joint\":[{\"task\":\"01-T1-ED\",\"datasetVersion\":\"v9\"");
    }
}
