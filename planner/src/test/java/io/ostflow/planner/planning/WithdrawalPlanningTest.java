package io.ostflow.planner.planning;

import static io.ostflow.planner.planning.FallbackPlanTest.TARGET;
import static io.ostflow.planner.planning.FallbackPlanTest.engine;
import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.TaskId;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A withdrawn site's tasks leave the graph with their edges: plans that used them are replanned
 * without them, a plan that cannot be is retired, the site's own targets lose theirs, and no model
 * trained on them is recommended again (hand-drawn graph of {@link FallbackPlanTest}).
 */
class WithdrawalPlanningTest {

    @Test
    void aPlanThroughAWithdrawnSourceIsReplannedWithoutIt() {
        PlanningEngine engine =
                engine(List.of("01-FLAIR-ED", "02-FLAIR-ED", "04-T1-ED", "05-T1-ED"));
        assertThat(engine.replan().plans().get(0).path()).containsExactly("04-T1-ED", "05-T1-ED");

        engine.removeTask(TaskId.parse("05-T1-ED"));
        PlanningEngine.Result result = engine.replan();

        assertThat(result.plans())
                .singleElement()
                .extracting(Plan::path)
                .isEqualTo(List.of("04-T1-ED"));
        assertThat(result.retired()).isEmpty();
        assertThat(engine.edges())
                .noneMatch(e -> e.a().startsWith("05-") || e.b().startsWith("05-"));
        assertThat(result.jobs())
                .flatExtracting(TrainingJob::stages)
                .noneMatch(s -> s.task().startsWith("05-"));
    }

    @Test
    void aPlanWhoseEveryConnectedSourceWasWithdrawnIsRetired() {
        PlanningEngine engine = engine(List.of("01-FLAIR-ED", "02-FLAIR-ED", "04-T1-ED"));
        engine.replan();

        engine.removeTask(TaskId.parse("04-T1-ED"));
        PlanningEngine.Result result = engine.replan();

        assertThat(result.plans()).isEmpty();
        assertThat(result.retired()).containsExactly(TARGET);
        assertThat(engine.plan(TARGET)).isEmpty();
        assertThat(engine.replan().retired()).as("retired once").isEmpty();
    }

    @Test
    void aWithdrawnTargetLosesItsPlan() {
        PlanningEngine engine =
                engine(List.of("01-FLAIR-ED", "02-FLAIR-ED", "04-T1-ED", "05-T1-ED"));
        engine.replan();

        engine.removeTask(TaskId.parse(TARGET));

        assertThat(engine.replan().retired()).containsExactly(TARGET);
        assertThat(engine.plans()).isEmpty();
    }

    @Test
    void aModelTrainedOnAWithdrawnTaskIsNeverRecommendedAgain() {
        PlanningEngine engine =
                engine(List.of("01-FLAIR-ED", "02-FLAIR-ED", "04-T1-ED", "05-T1-ED"));
        List<TrainingJob> jobs = engine.replan().jobs();
        TrainingJob sequential = job(jobs, JobKind.SEQUENTIAL);
        engine.completed(result(sequential, 0.9));
        engine.completed(result(job(jobs, JobKind.SCRATCH), 0.5));
        assertThat(engine.recommendation(TARGET).jobId()).isEqualTo(sequential.jobId());

        engine.removeTask(TaskId.parse("05-T1-ED"));

        assertThat(engine.withdrawnLineage(sequential)).containsExactly("05-T1-ED");
        assertThat(engine.recommendation(TARGET).jobId()).isNotEqualTo(sequential.jobId());
        assertThat(engine.recommendation(TARGET).kind()).isEqualTo(JobKind.SCRATCH);
    }

    private static TrainingJob job(List<TrainingJob> jobs, JobKind kind) {
        return jobs.stream().filter(j -> j.kind() == kind).findFirst().orElseThrow();
    }

    private static TrainingCompleted result(TrainingJob job, double validationDice) {
        return new TrainingCompleted(
                job.jobId(),
                job.target(),
                job.kind(),
                validationDice,
                validationDice,
                "cpu",
                List.of(1.0),
                "m",
                List.of(),
                null,
                null,
                validationDice,
                List.of(),
                Map.of("case001", validationDice, "case002", validationDice),
                Map.of());
    }
}
