package io.ostflow.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.TrainingJob;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanVersionsTest {
    private static Plan plan(long version) {
        return new Plan(
                "05-T1-ED",
                version,
                List.of("01-T1-ED"),
                0.1,
                List.of(),
                List.of(),
                null,
                1,
                0,
                Instant.EPOCH);
    }

    private static TrainingJob job(long planVersion, String audit) {
        return new TrainingJob(
                "j", "05-T1-ED", JobKind.DIRECT, planVersion, List.of(), 1, Instant.EPOCH, audit);
    }

    @Test
    void onlyAStrictlyNewerKnownPlanSupersedesAPlansJob() {
        PlanVersions versions = new PlanVersions();
        assertThat(versions.supersededBy(job(1, null))).as("no plan read yet: train").isEmpty();
        versions.seen(plan(3));
        versions.seen(plan(2));
        assertThat(versions.latest("05-T1-ED")).contains(3L);
        assertThat(versions.supersededBy(job(2, null))).contains(3L);
        assertThat(versions.supersededBy(job(3, null))).isEmpty();
        assertThat(versions.supersededBy(job(1, "audit-7"))).as("audits keep their jobs").isEmpty();
        TrainingJob score =
                new TrainingJob("s", "05-T1-ED", JobKind.SCORE, 1, List.of(), 1, Instant.EPOCH);
        assertThat(versions.supersededBy(score))
                .as("a score is of a candidate, not of a plan version")
                .isEmpty();
    }
}
