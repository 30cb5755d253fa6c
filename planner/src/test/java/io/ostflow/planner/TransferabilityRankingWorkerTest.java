package io.ostflow.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ostflow.common.Topics;
import io.ostflow.common.events.EventTypes;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.PlanRanking;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.local.testing.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The transferability ranking against the real broker: a plan waits for its scoring jobs, their
 * results (as the trainer publishes them) re-plan it, and a source that outscores every path is
 * planned as a one-hop path whose job reuses the source stage its score trained.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestProfile(TransferabilityRankingWorkerTest.Transferability.class)
class TransferabilityRankingWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    public static final class Transferability implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ostflow.planner.ranking", "transferability");
        }
    }

    @Test
    void scoringJobsDecideThePlanAndASourceThatOutscoresEveryPathIsPlannedAsOneHop() {
        PlannerWorkerTest.Scenario s = new PlannerWorkerTest.Scenario();
        s.publish();

        await().atMost(WAIT)
                .until(
                        () ->
                                PlannerWorkerTest.latestPlan(s.target)
                                        .filter(p -> !p.scores().isEmpty())
                                        .map(p -> jobs(s.target).size() == p.scores().size())
                                        .orElse(false));
        Plan pending = PlannerWorkerTest.latestPlan(s.target).orElseThrow();
        assertThat(pending.ranking()).isEqualTo(PlanRanking.AFFINITY);
        assertThat(jobs(s.target))
                .as("scoring jobs only, until the scores decide")
                .extracting(TrainingJob::kind)
                .containsOnly(JobKind.SCORE);
        List<Plan.Score> sources =
                pending.scores().stream().filter(c -> c.kind() == JobKind.DIRECT).toList();
        Plan.Score best = sources.get(sources.size() - 1);
        String source = best.sources().get(0);
        for (Plan.Score c : pending.scores()) {
            publishScore(c, s.target, c == best ? -0.05 : -0.3);
        }

        await().atMost(WAIT)
                .until(
                        () ->
                                PlannerWorkerTest.latestPlan(s.target)
                                        .map(p -> p.ranking() == PlanRanking.TRANSFERABILITY)
                                        .orElse(false));
        Plan plan = PlannerWorkerTest.latestPlan(s.target).orElseThrow();
        assertThat(plan.path()).containsExactly(source);
        assertThat(plan.alternatives().get(0).path())
                .as("equal path scores keep the OST order: the OST path follows")
                .isEqualTo(pending.path());
        assertThat(plan.scores()).extracting(Plan.Score::leep).doesNotContainNull();
        await().atMost(WAIT)
                .until(() -> jobs(s.target).stream().anyMatch(j -> j.kind() == JobKind.SEQUENTIAL));
        TrainingJob sequential =
                jobs(s.target).stream()
                        .filter(j -> j.kind() == JobKind.SEQUENTIAL)
                        .findFirst()
                        .orElseThrow();
        TrainingJob scoring =
                jobs(s.target).stream()
                        .filter(j -> j.jobId().equals(best.jobId()))
                        .findFirst()
                        .orElseThrow();
        assertThat(sequential.planVersion()).isEqualTo(plan.version());
        assertThat(sequential.stages().get(0))
                .as("the one-hop job reuses the source stage its scoring job trained")
                .isEqualTo(scoring.stages().get(0));
        assertThat(sequential.stages())
                .extracting(TrainingJob.Stage::type)
                .containsExactly(StageType.PRETRAIN, StageType.FINETUNE, StageType.EVALUATE);
    }

    /** A scoring job's result as the trainer publishes it: no Dice, its scores. */
    private static void publishScore(Plan.Score candidate, String target, double leep) {
        PlannerWorkerTest.publishResult(
                candidate.jobId(),
                EventTypes.TRAINING_COMPLETED,
                new TrainingCompleted(
                                candidate.jobId(),
                                target,
                                JobKind.SCORE,
                                Double.NaN,
                                Double.NaN,
                                "cpu",
                                List.of(1.0),
                                "m",
                                List.of())
                        .withLeep(leep));
    }

    private static List<TrainingJob> jobs(String target) {
        return PlannerWorkerTest.probe().records(Topics.JOBS, k -> true).stream()
                .map(r -> PlannerWorkerTest.parse(r.value(), TrainingJob.class))
                .filter(j -> j.target().equals(target))
                .toList();
    }
}
