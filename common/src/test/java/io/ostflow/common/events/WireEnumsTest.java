package io.ostflow.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.ostflow.common.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireEnumsTest {
    @Test
    void theWireFormatOfAJobIsTheLowerCaseWords() throws Exception {
        TrainingJob job =
                new TrainingJob(
                        "job-1",
                        "05-T1-ED",
                        JobKind.SEQUENTIAL,
                        2,
                        List.of(
                                new TrainingJob.Stage(StageType.PRETRAIN, "01-T1-ED", 60),
                                new TrainingJob.Stage(StageType.FINETUNE, "05-T1-ED", 3),
                                new TrainingJob.Stage(StageType.EVALUATE, "05-T1-ED", 0)),
                        42,
                        Instant.parse("2026-11-25T21:40:02Z"));

        String json = Json.mapper().writeValueAsString(job);

        assertThat(json)
                .contains("\"kind\":\"sequential\"")
                .contains(
                        "\"type\":\"pretrain\"", "\"type\":\"finetune\"", "\"type\":\"evaluate\"");
        assertThat(Json.mapper().readValue(json, TrainingJob.class)).isEqualTo(job);
    }

    @Test
    void anUnknownWireNameIsRefusedWithTheNamesAllowed() {
        String json =
                "{\"jobId\":\"j\",\"target\":\"05-T1-ED\",\"kind\":\"sequential\",\"planVersion\":1,"
                        + "\"stages\":[{\"type\":\"distill\",\"task\":\"05-T1-ED\",\"cases\":3}],"
                        + "\"seed\":1,\"createdAt\":\"2026-11-25T21:40:02Z\"}";
        assertThatThrownBy(() -> Json.mapper().readValue(json, TrainingJob.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining(
                        "StageType must be one of pretrain, finetune, evaluate, score, was distill");
        assertThatThrownBy(() -> JobKind.fromWire("Sequential"))
                .hasMessageContaining("JobKind must be one of sequential, direct, scratch");
        assertThat(JobState.fromWire("running")).isEqualTo(JobState.RUNNING);
        assertThat(JobState.RUNNING.open()).isTrue();
        assertThat(JobState.FAILED.open()).isFalse();
        assertThat(StageType.EVALUATE.trains()).isFalse();
        assertThat(StageType.SCORE.trains()).as("a score changes no weight").isFalse();
        assertThat(PlanRanking.fromWire("transferability")).isEqualTo(PlanRanking.TRANSFERABILITY);
    }
}
