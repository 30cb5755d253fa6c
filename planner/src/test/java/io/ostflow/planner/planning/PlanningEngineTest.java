package io.ostflow.planner.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.JobState;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingFailed;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.planner.evaluation.audit.AuditDesign;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlanningEngineTest {
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    private static final List<String> SOURCES =
            List.of(
                    "01-T1-ED",
                    "01-T1-ET",
                    "02-T1-ED",
                    "02-T1-ET",
                    "03-T1-ED",
                    "03-T1-ET",
                    "04-T2-NCR");
    private static final String TARGET = "09-T1-ED";

    @Test
    void plansEveryTargetEnqueuesThreeJobsAndRepeatsNothingWhenNothingChanged() {
        PlanningEngine engine = engine(edges(1));

        PlanningEngine.Result first = engine.replan();

        assertThat(first.graph()).isPresent();
        assertThat(first.graph().get().clusters()).isNotEmpty();
        assertThat(first.plans()).hasSize(1);
        Plan plan = first.plans().get(0);
        assertThat(plan.version()).isEqualTo(1);
        assertThat(plan.path()).hasSize(2);
        assertThat(plan.terms()).hasSize(3);
        assertThat(plan.cost())
                .isEqualTo(plan.terms().stream().mapToDouble(Plan.Term::weight).sum());
        assertThat(plan.direct()).isNotNull();
        assertThat(first.jobs())
                .extracting(TrainingJob::kind)
                .containsExactly(JobKind.SEQUENTIAL, JobKind.DIRECT, JobKind.SCRATCH);
        // The representative has 12 or 8 training cases, fewer than the paper's 60 and 63: both
        // transfers get that many source-side cases, sequential 3 of them on the intermediate.
        int representative = plan.path().get(0).startsWith("01") ? 12 : 8;
        TrainingJob sequential = first.jobs().get(0);
        assertThat(sequential.stages())
                .containsExactly(
                        new TrainingJob.Stage(
                                StageType.PRETRAIN, plan.path().get(0), representative - 3),
                        new TrainingJob.Stage(StageType.FINETUNE, plan.path().get(1), 3),
                        new TrainingJob.Stage(StageType.FINETUNE, TARGET, 3),
                        new TrainingJob.Stage(StageType.EVALUATE, TARGET, 0));
        assertThat(first.jobs().get(1).stages())
                .containsExactly(
                        new TrainingJob.Stage(
                                StageType.PRETRAIN, plan.path().get(0), representative),
                        new TrainingJob.Stage(StageType.FINETUNE, TARGET, 3),
                        new TrainingJob.Stage(StageType.EVALUATE, TARGET, 0));

        PlanningEngine.Result again = engine.replan();
        assertThat(again.graph()).isEmpty();
        assertThat(again.plans()).isEmpty();
        assertThat(again.jobs()).isEmpty();
    }

    @Test
    void aChangedTargetEdgeReplansWithoutReclustering() {
        PlanningEngine engine = engine(edges(1));
        Plan before = engine.replan().plans().get(0);

        String last = before.path().get(before.path().size() - 1);
        AffinityEdge old =
                edges(1).stream()
                        .filter(e -> e.key().equals(AffinityEdge.key(last, TARGET)))
                        .findFirst()
                        .orElseThrow();
        engine.putEdge(
                new AffinityEdge(
                        old.a(),
                        old.b(),
                        old.h(),
                        old.r(),
                        old.weight() + 5,
                        true,
                        0,
                        "v",
                        "v",
                        4));
        PlanningEngine.Result result = engine.replan();

        assertThat(result.graph()).isEmpty();
        assertThat(result.plans()).hasSize(1);
        assertThat(result.plans().get(0).version()).isEqualTo(2);
        assertThat(result.jobs())
                .hasSize(3)
                .allSatisfy(j -> assertThat(j.planVersion()).isEqualTo(2));
    }

    @Test
    void theSameGraphInAnotherOrderGivesTheSamePlanAndJobIds() {
        List<AffinityEdge> edges = edges(2);
        List<AffinityEdge> shuffled = new ArrayList<>(edges);
        Collections.shuffle(shuffled, new Random(9));
        PlanningEngine.Result a = engine(edges).replan();
        PlanningEngine.Result b = engine(shuffled).replan();
        assertThat(b.plans().get(0).path()).isEqualTo(a.plans().get(0).path());
        assertThat(b.plans().get(0).cost()).isEqualTo(a.plans().get(0).cost());
        assertThat(b.graph().get().clusters()).isEqualTo(a.graph().get().clusters());
        assertThat(b.jobs())
                .extracting(TrainingJob::jobId)
                .isEqualTo(a.jobs().stream().map(TrainingJob::jobId).toList());
    }

    @Test
    void restoredPlansAndJobsAreNotPublishedAgainAfterARestart() {
        PlanningEngine first = engine(edges(1));
        PlanningEngine.Result published = first.replan();

        PlanningEngine restarted = engine(edges(1));
        published.plans().forEach(restarted::restorePlan);
        published.jobs().forEach(restarted::restoreJob);
        PlanningEngine.Result result = restarted.replan();

        assertThat(result.plans()).isEmpty();
        assertThat(result.jobs()).isEmpty();
    }

    @Test
    void anAuditIsDesignedOnTheCurrentPlanAndSurvivesARestart() {
        PlanningEngine engine = engine(edges(1));
        engine.replan();
        AuditDesign.Request request = new AuditDesign.Request(List.of(TARGET), 2, 0, 4);

        PlanningEngine.PreparedAudit prepared = engine.prepareAudit(request);
        assertThat(prepared.known()).isFalse();
        assertThat(engine.audits()).as("nothing recorded before commit").isEmpty();
        AuditScheduled.Target target = prepared.audit().targets().get(0);
        Plan plan = engine.plan(TARGET).orElseThrow();
        assertThat(target.selection().sequential())
                .isEqualTo("sequential:" + String.join(">", plan.path()));
        assertThat(target.selection().ostflowDirect())
                .isEqualTo("direct:" + plan.direct().source());
        // the six T1 sources share the target's modality; 04-T2-NCR shares nothing, no edge
        assertThat(target.selection().directGrid())
                .hasSize(6)
                .noneMatch(k -> k.contains("04-T2-NCR"));
        assertThat(target.selection().sequentialGrid().get(0))
                .isEqualTo(target.selection().sequential());
        List<TrainingJob> enqueued = engine.commitAudit(prepared);
        assertThat(enqueued).hasSameSizeAs(prepared.jobs());
        assertThat(engine.jobs()).hasSize(3 + enqueued.size());
        assertThat(engine.prepareAudit(request).known()).isTrue();

        PlanningEngine restarted = engine(edges(1));
        restarted.replan();
        restarted.restoreAudit(prepared.audit());
        prepared.jobs().forEach(restarted::restoreJob);
        assertThat(restarted.prepareAudit(request).known()).isTrue();
        assertThat(restarted.audit(prepared.audit().auditId()))
                .get()
                .extracting(a -> a.jobs().total())
                .isEqualTo(prepared.jobs().size());

        // a direct job's result carries its LEEP into the audit's grid
        String key = target.selection().ostflowDirect();
        String directJob =
                target.candidates().stream()
                        .filter(c -> c.key().equals(key))
                        .findFirst()
                        .orElseThrow()
                        .jobIds()
                        .get(0);
        restarted.completed(
                new TrainingCompleted(
                                directJob,
                                TARGET,
                                JobKind.DIRECT,
                                0.5,
                                0.4,
                                "cpu",
                                List.of(1.0),
                                "m",
                                List.of())
                        .withLeep(-0.25));
        assertThat(
                        restarted
                                .audit(prepared.audit().auditId())
                                .orElseThrow()
                                .targets()
                                .get(0)
                                .grid())
                .filteredOn(c -> c.key().equals(key))
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.leep()).isEqualTo(-0.25);
                            assertThat(c.result().dice()).isEqualTo(0.5);
                        });

        // a dashboard polls the report every few seconds: rebuilt only when a job changed
        String id = prepared.audit().auditId();
        var report = restarted.audit(id).orElseThrow();
        assertThat(restarted.audit(id).orElseThrow()).isSameAs(report);
        assertThat(restarted.audits()).singleElement().isSameAs(report);
        restarted.failed(
                new io.ostflow.common.events.TrainingFailed(
                        prepared.jobs().get(prepared.jobs().size() - 1).jobId(),
                        "INTERNAL_ERROR",
                        "boom"));
        assertThat(restarted.audit(id).orElseThrow())
                .isNotSameAs(report)
                .extracting(a -> a.jobs().failed())
                .isEqualTo(1);
    }

    @Test
    void anAuditOfAnUnknownOrUnplannedTargetIsRefused() {
        PlanningEngine engine = engine(edges(1));
        assertThatThrownBy(
                        () ->
                                engine.prepareAudit(
                                        new AuditDesign.Request(List.of(SOURCES.get(0)), 1, 0, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a registered target");
        assertThatThrownBy(
                        () ->
                                engine.prepareAudit(
                                        new AuditDesign.Request(List.of(TARGET), 1, 0, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no plan");
    }

    @Test
    void resultsReplayedBeforeTheirJobsAreRestoredAreNotLost() {
        PlanningEngine first = engine(edges(1));
        List<TrainingJob> published = first.replan().jobs();
        TrainingJob done = published.get(0);
        TrainingJob failed = published.get(1);

        // a restart: the results topic is replayed before the jobs are read back
        PlanningEngine restarted = engine(edges(1));
        restarted.completed(
                new TrainingCompleted(
                        done.jobId(),
                        TARGET,
                        done.kind(),
                        0.7,
                        0.5,
                        "cpu",
                        List.of(1.0),
                        "m",
                        List.of()));
        restarted.failed(new TrainingFailed(failed.jobId(), "DATA_MISSING", "gone"));
        published.forEach(restarted::restoreJob);

        assertThat(restarted.job(done.jobId()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(restarted.job(done.jobId()).orElseThrow().dice()).isEqualTo(0.7);
        assertThat(restarted.models())
                .extracting(m -> m.job().jobId())
                .containsExactly(done.jobId());
        assertThat(restarted.job(failed.jobId()).orElseThrow().state()).isEqualTo(JobState.FAILED);
        assertThat(restarted.replan().jobs()).as("nothing enqueued again").isEmpty();
    }

    @Test
    void jobStateFollowsResults() {
        PlanningEngine engine = engine(edges(1));
        TrainingJob job = engine.replan().jobs().get(0);
        engine.completed(
                new TrainingCompleted(
                        job.jobId(),
                        TARGET,
                        job.kind(),
                        0.8,
                        0.7,
                        "cpu",
                        List.of(1.0),
                        "k",
                        List.of()));
        assertThat(engine.job(job.jobId()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(engine.job(job.jobId()).orElseThrow().dice()).isEqualTo(0.8);
    }

    @Test
    void sparsifyKClustersTheNearestNeighbourGraphInsteadOfTheFullOne() {
        PlannerSettings d = PlannerSettings.defaults();

        var full = engine(d, edges(1)).replan().graph().orElseThrow().clusters();
        var sparse = engine(d.withSparsifyK(1), edges(1)).replan().graph().orElseThrow().clusters();

        assertThat(sparse).isNotEqualTo(full);
    }

    @Test
    void aNegativeSparsifyKIsRefused() {
        assertThatThrownBy(() -> PlannerSettings.defaults().withSparsifyK(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sparsify.k");
    }

    static PlanningEngine engine(List<AffinityEdge> edges) {
        return engine(PlannerSettings.defaults(), edges);
    }

    private static PlanningEngine engine(PlannerSettings settings, List<AffinityEdge> edges) {
        PlanningEngine engine = new PlanningEngine(settings, CLOCK);
        for (String s : SOURCES) {
            engine.putTask(task(s, Role.SOURCE, s.startsWith("01") ? 12 : 8));
        }
        engine.putTask(task(TARGET, Role.TARGET, 3));
        edges.forEach(engine::putEdge);
        return engine;
    }

    static TaskRegistered task(String id, Role role, int samples) {
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            cases.add("case" + i);
        }
        return new TaskRegistered(
                TaskId.parse(id), role, samples, "v", 1, cases, List.of(), List.of(), List.of());
    }

    /**
     * Every pair of the seven sources and the target, weights seeded, unconnected when no shared
     * name.
     */
    static List<AffinityEdge> edges(long seed) {
        Random random = new Random(seed);
        List<String> all = new ArrayList<>(SOURCES);
        all.add(TARGET);
        List<AffinityEdge> edges = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                TaskId a = TaskId.parse(all.get(i));
                TaskId b = TaskId.parse(all.get(j));
                boolean connected =
                        a.modality().equals(b.modality()) || a.objective().equals(b.objective());
                double sameSite = a.site().equals(b.site()) ? 0.2 : 1;
                Double w =
                        connected
                                ? Math.round((0.5 + sameSite * random.nextDouble()) * 1000) / 1000.0
                                : null;
                String x = a.compareTo(b) < 0 ? a.toString() : b.toString();
                String y = x.equals(a.toString()) ? b.toString() : a.toString();
                edges.add(new AffinityEdge(x, y, 10, 0.5, w, connected, 0, "v", "v", 4));
            }
        }
        return edges;
    }
}
