package io.ostflow.planner.evaluation.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.JobKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainedGridTest {
    @Test
    void aDrawThatOnlySomeSeedsTrainedIsLeftOutOfTheComparedGrid() {
        AuditScheduled.Target t =
                new AuditScheduled.Target(
                        "05-T1-ED",
                        1,
                        List.of(
                                new AuditScheduled.Candidate(
                                        "direct:02-T1-ED",
                                        JobKind.DIRECT,
                                        List.of("02-T1-ED"),
                                        0.7,
                                        List.of("j1", "j2")),
                                new AuditScheduled.Candidate(
                                        "direct:01-T1-ED",
                                        JobKind.DIRECT,
                                        List.of("01-T1-ED"),
                                        0.5,
                                        List.of("j3", "j4")),
                                new AuditScheduled.Candidate(
                                        "direct:03-T1-ED",
                                        JobKind.DIRECT,
                                        List.of("03-T1-ED"),
                                        0.1,
                                        Arrays.asList(null, "j5"))),
                        null);

        assertThat(TrainedGrid.keys(t, JobKind.DIRECT))
                .containsExactly("direct:01-T1-ED", "direct:02-T1-ED");
    }
}
