package io.ostflow.planner.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.PlanRanking;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingFailed;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.events.TransferabilityScore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The transferability ranking on the hand-built graph of {@link PlanningEngineTest}: the paper's
 * shortlist re-ranked by the scores its scoring jobs report.
 */
class TransferabilityRankingTest {
    private static final PlannerSettings SETTINGS =
            PlannerSettings.defaults().withRanking(PlanRanking.TRANSFERABILITY);

    private static PlanningEngine engine() {
        PlanningEngine engine = PlanningEngineTest.engine(PlanningEngineTest.edges(1));
        PlanningEngine ranked = new PlanningEngine(SETTINGS, java.time.Clock.systemUTC());
        engine.tasks().forEach(ranked::putTask);
        engine.edges().forEach(ranked::putEdge);
        return ranked;
    }

    @Test
    void aPlanWaitsForItsScoresThenTheBetterScoredPathAndSourceWin() {
        PlanningEngine engine = engine();

        PlanningEngine.Result first = engine.replan();

        Plan pending = first.plans().get(0);
        assertThat(pending.ranking()).isEqualTo(PlanRanking.AFFINITY);
        assertThat(pending.scores()).hasSize(2 * (SETTINGS.alternatives() + 1));
        assertThat(pending.scores()).allSatisfy(s -> assertThat(s.leep()).isNull());
        assertThat(first.jobs())
                .as("only scoring jobs until the scores decide the path")
                .extracting(TrainingJob::kind)
                .containsOnly(JobKind.SCORE)
                .hasSize(pending.scores().size());
        assertThat(first.jobs())
                .allSatisfy(
                        j ->
                                assertThat(j.stages().get(j.stages().size() - 1).type())
                                        .isEqualTo(StageType.SCORE));
        assertThat(engine.replan().jobs()).as("each scoring job once").isEmpty();

        List<Plan.Score> scores = pending.scores();
        Plan.Score lastPath = lastOf(scores, JobKind.SEQUENTIAL);
        Plan.Score lastSource = lastOf(scores, JobKind.DIRECT);
        ToDoubleFunction<Plan.Score> leep = s -> s == lastPath || s == lastSource ? -0.1 : -0.5;
        for (int i = 0; i < scores.size() - 1; i++) {
            engine.completed(result(scores.get(i), leep.applyAsDouble(scores.get(i))));
        }
        assertThat(engine.replan().plans()).as("one score missing: undecided, unchanged").isEmpty();
        Plan.Score last = scores.get(scores.size() - 1);
        boolean replan = engine.completed(result(last, leep.applyAsDouble(last)));
        assertThat(replan).as("a score asks for a replan").isTrue();

        PlanningEngine.Result decided = engine.replan();

        Plan plan = decided.plans().get(0);
        assertThat(plan.version()).isEqualTo(2);
        assertThat(plan.ranking()).isEqualTo(PlanRanking.TRANSFERABILITY);
        assertThat(plan.path()).isEqualTo(lastPath.sources());
        assertThat(plan.alternatives().get(0).path())
                .as("the rest keep the OST order")
                .isEqualTo(pending.path());
        assertThat(plan.direct().source()).isEqualTo(lastSource.sources().get(0));
        assertThat(plan.scores()).extracting(Plan.Score::leep).doesNotContainNull();
        TrainingJob sequential =
                decided.jobs().stream()
                        .filter(j -> j.kind() == JobKind.SEQUENTIAL)
                        .findFirst()
                        .orElseThrow();
        TrainingJob scoring = job(first.jobs(), lastPath.jobId());
        assertThat(sequential.stages().subList(0, scoring.stages().size() - 1))
                .as("the plan's job reuses the stages its score trained")
                .isEqualTo(scoring.stages().subList(0, scoring.stages().size() - 1));
        assertThat(decided.jobs())
                .extracting(TrainingJob::kind)
                .containsExactly(JobKind.SEQUENTIAL, JobKind.DIRECT, JobKind.SCRATCH);
        assertThat(engine.replan().plans()).isEmpty();
    }

    @Test
    void aSourceThatOutscoresEveryPathBecomesAOneHopPlanTrainedOnItsScoredStage() {
        PlanningEngine engine = engine();
        PlanningEngine.Result first = engine.replan();
        Plan pending = first.plans().get(0);
        Plan.Score bestPath = lastOf(pending.scores(), JobKind.SEQUENTIAL);
        Plan.Score bestSource = lastOf(pending.scores(), JobKind.DIRECT);
        for (Plan.Score s : pending.scores()) {
            engine.completed(result(s, s == bestSource ? -0.05 : s == bestPath ? -0.1 : -0.5));
        }

        PlanningEngine.Result decided = engine.replan();

        Plan plan = decided.plans().get(0);
        String source = bestSource.sources().get(0);
        assertThat(plan.path()).containsExactly(source);
        assertThat(plan.terms())
                .singleElement()
                .satisfies(t -> assertThat(t.from()).isEqualTo(source));
        assertThat(plan.cost()).isEqualTo(plan.terms().get(0).weight());
        assertThat(plan.alternatives().get(0).path())
                .as("the best-scored path follows")
                .isEqualTo(bestPath.sources());
        assertThat(plan.direct().source()).isEqualTo(source);
        TrainingJob sequential =
                decided.jobs().stream()
                        .filter(j -> j.kind() == JobKind.SEQUENTIAL)
                        .findFirst()
                        .orElseThrow();
        assertThat(sequential.stages())
                .extracting(TrainingJob.Stage::task)
                .containsExactly(source, plan.target(), plan.target());
        assertThat(sequential.stages().get(0))
                .as("the plan's job reuses the source stage its score trained")
                .isEqualTo(job(first.jobs(), bestSource.jobId()).stages().get(0));
    }

    @Test
    void withoutSingleSourcePlansTheBestScoredPathStays() {
        PlannerSettings pathsOnly = rankingBy(SETTINGS.transferabilityScore(), false);
        PlanningEngine engine = new PlanningEngine(pathsOnly, java.time.Clock.systemUTC());
        engine().tasks().forEach(engine::putTask);
        engine().edges().forEach(engine::putEdge);
        Plan pending = engine.replan().plans().get(0);
        Plan.Score bestPath = lastOf(pending.scores(), JobKind.SEQUENTIAL);
        Plan.Score bestSource = lastOf(pending.scores(), JobKind.DIRECT);
        for (Plan.Score s : pending.scores()) {
            engine.completed(result(s, s == bestSource ? -0.05 : s == bestPath ? -0.1 : -0.5));
        }

        Plan plan = engine.replan().plans().get(0);

        assertThat(plan.path()).isEqualTo(bestPath.sources());
        assertThat(plan.direct().source()).isEqualTo(bestSource.sources().get(0));
    }

    @Test
    void equalScoresKeepTheOstOrderAndAFailedScoreGoesLast() {
        PlanningEngine engine = engine();
        Plan pending = engine.replan().plans().get(0);
        List<Plan.Score> scores = pending.scores();
        Plan.Score ostPath = scores.get(0);
        engine.failed(new TrainingFailed(ostPath.jobId(), "OUT_OF_MEMORY", "too big"));
        for (Plan.Score s : scores.subList(1, scores.size())) {
            engine.completed(result(s, -0.3));
        }

        Plan plan = engine.replan().plans().get(0);

        assertThat(plan.ranking()).isEqualTo(PlanRanking.TRANSFERABILITY);
        assertThat(plan.path()).isEqualTo(pending.alternatives().get(0).path());
        assertThat(plan.alternatives().get(plan.alternatives().size() - 1).path())
                .as("unscored: last")
                .isEqualTo(pending.path());
        assertThat(plan.direct()).isEqualTo(pending.direct());
        assertThat(plan.scores().get(0).leep()).isNull();
    }

    @Test
    void theSameGraphGivesTheSameScoringJobsWhateverThePlanVersion() {
        List<String> a = engine().replan().jobs().stream().map(TrainingJob::jobId).toList();
        List<String> b = engine().replan().jobs().stream().map(TrainingJob::jobId).toList();
        assertThat(a).isEqualTo(b).doesNotHaveDuplicates().allMatch(id -> id.startsWith("score-"));
    }

    @Test
    void byScoreSortsHighestFirstKeepsTiesInOrderAndPutsUnscoredLast() {
        assertThat(
                        TransferabilityRanking.byScore(
                                List.of("a", "b", "c", "d", "e"),
                                Arrays.asList(-0.4, null, -0.2, -0.4, -0.2)))
                .containsExactly("c", "e", "a", "d", "b");
    }

    @Test
    void theConfiguredScoreDecidesNotLeep() {
        PlannerSettings byBalancedLeep =
                rankingBy(TransferabilityScore.BALANCED_LEEP, SETTINGS.singleSourcePlans());
        PlanningEngine engine = new PlanningEngine(byBalancedLeep, java.time.Clock.systemUTC());
        engine().tasks().forEach(engine::putTask);
        engine().edges().forEach(engine::putEdge);
        Plan pending = engine.replan().plans().get(0);
        List<Plan.Score> scores = pending.scores();
        Plan.Score lastPath = lastOf(scores, JobKind.SEQUENTIAL);
        for (Plan.Score s : scores) {
            // LEEP prefers every candidate but the last path; the balanced LEEP the last path
            double balanced = s == lastPath ? -0.2 : -0.6;
            engine.completed(
                    result(s, s == lastPath ? -0.5 : -0.1)
                            .withTransferability(
                                    Map.of(
                                            "leep",
                                            s == lastPath ? -0.5 : -0.1,
                                            "balanced-leep",
                                            balanced)));
        }

        Plan plan = engine.replan().plans().get(0);

        assertThat(plan.path()).isEqualTo(lastPath.sources());
        assertThat(plan.scores())
                .allSatisfy(s -> assertThat(s.by()).isEqualTo(TransferabilityScore.BALANCED_LEEP));
        assertThat(plan.scores().stream().filter(s -> s.jobId().equals(lastPath.jobId())))
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.value()).isEqualTo(-0.2);
                            assertThat(s.leep()).isEqualTo(-0.5);
                        });
    }

    @Test
    void theAffinityRankingSchedulesNoScoringJob() {
        PlanningEngine engine = PlanningEngineTest.engine(PlanningEngineTest.edges(1));
        PlanningEngine.Result result = engine.replan();
        assertThat(result.plans().get(0).scores()).isEmpty();
        assertThat(result.jobs()).extracting(TrainingJob::kind).doesNotContain(JobKind.SCORE);
    }

    /** The transferability ranking's settings with another score and single-source rule. */
    private static PlannerSettings rankingBy(TransferabilityScore score, boolean singleSource) {
        return new PlannerSettings(
                SETTINGS.weightedBetweenness(),
                SETTINGS.clusters(),
                SETTINGS.representativeRule(),
                SETTINGS.pathLength(),
                SETTINGS.alternatives(),
                SETTINGS.baselines(),
                SETTINGS.pretrainCases(),
                SETTINGS.finetuneCases(),
                SETTINGS.directCases(),
                SETTINGS.seed(),
                SETTINGS.sparsifyK(),
                PlanRanking.TRANSFERABILITY,
                score,
                singleSource);
    }

    private static Plan.Score lastOf(List<Plan.Score> scores, JobKind kind) {
        List<Plan.Score> of =
                new ArrayList<>(scores.stream().filter(s -> s.kind() == kind).toList());
        return of.get(of.size() - 1);
    }

    private static TrainingJob job(List<TrainingJob> jobs, String id) {
        return jobs.stream().filter(j -> j.jobId().equals(id)).findFirst().orElseThrow();
    }

    private static TrainingCompleted result(Plan.Score score, double leep) {
        return new TrainingCompleted(
                        score.jobId(),
                        "09-T1-ED",
                        JobKind.SCORE,
                        Double.NaN,
                        Double.NaN,
                        "cpu",
                        List.of(1.0, 0.1),
                        "m",
                        List.of())
                .withLeep(leep);
    }
}
