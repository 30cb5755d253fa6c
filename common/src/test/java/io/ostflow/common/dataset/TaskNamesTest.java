package io.ostflow.common.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskNamesTest {

    @Test
    void safeFormJoinsWordsInCamelCase() {
        assertThat(TaskNames.objective("whole tumor")).hasValue("wholeTumor");
        assertThat(TaskNames.objective("non-enhancing_core")).hasValue("nonEnhancingCore");
        assertThat(TaskNames.objective("NCR")).hasValue("NCR");
        assertThat(TaskNames.objective("  edema ")).hasValue("edema");
        assertThat(TaskNames.objective("é-ü")).isEmpty();
        assertThat(TaskNames.objective(null)).isEmpty();
    }

    @Test
    void modalitySpellingsOfOneSequenceBecomeOne() {
        assertThat(TaskNames.modality("Flair")).hasValue("FLAIR");
        assertThat(TaskNames.modality("FLAIR")).hasValue("FLAIR");
        assertThat(TaskNames.modality("T2-FLAIR")).hasValue("FLAIR");
        assertThat(TaskNames.modality("T1Gd")).hasValue("T1ce");
        assertThat(TaskNames.modality("t1c")).hasValue("T1ce");
        assertThat(TaskNames.modality("T1ce")).hasValue("T1ce");
        assertThat(TaskNames.modality("T1")).hasValue("T1");
        assertThat(TaskNames.modality("T2")).hasValue("T2");
    }

    @Test
    void otherModalitiesAreUpperCasedSoCaseNeverSplitsThem() {
        assertThat(TaskNames.modality("perfusion map")).hasValue("PERFUSIONMAP");
        assertThat(TaskNames.modality("Perfusion-Map")).hasValue("PERFUSIONMAP");
    }
}
