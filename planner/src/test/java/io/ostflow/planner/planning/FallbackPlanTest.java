package io.ostflow.planner.planning;

import static io.ostflow.planner.planning.PlanningEngineTest.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.TrainingJob;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A target that no representative reaches (an iSeg-like T1 target among glioma FLAIR sources) gets
 * the best plan the graph allows, marked with why; one that no source reaches gets none.
 */
class FallbackPlanTest {
    static final String TARGET = "09-T1-CSF";

    @Test
    void aPathFromTheClosestConnectedSourceWhenNoRepresentativeReachesTheTarget() {
        PlanningEngine engine =
                engine(List.of("01-FLAIR-ED", "02-FLAIR-ED", "04-T1-ED", "05-T1-ED"));

        Plan plan = engine.replan().plans().get(0);

        assertThat(engine.representatives())
                .as("the largest, a FLAIR task")
                .contains("01-FLAIR-ED");
        assertThat(plan.fallback()).contains("no representative reaches " + TARGET);
        assertThat(plan.path().get(0)).as("the closest connected source").isEqualTo("04-T1-ED");
        assertThat(plan.path()).containsExactly("04-T1-ED", "05-T1-ED");
        assertThat(plan.cost())
                .isEqualTo(0.3 + 0.2 + 0.4, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aDirectTransferWhenTheClosestSourceHasNoPathThroughItsCluster() {
        PlanningEngine engine = engine(List.of("01-FLAIR-ED", "02-FLAIR-ED", "04-T1-ED"));

        PlanningEngine.Result result = engine.replan();
        Plan plan = result.plans().get(0);

        assertThat(plan.path()).containsExactly("04-T1-ED");
        assertThat(plan.fallback()).contains("direct transfer from it");
        assertThat(result.jobs())
                .extracting(TrainingJob::kind)
                .contains(JobKind.SEQUENTIAL, JobKind.SCRATCH);
    }

    @Test
    void aFallbackPlannedTargetIsAuditedOnItsPlansForm() {
        PlanningEngine engine =
                engine(List.of("01-FLAIR-ED", "02-FLAIR-ED", "04-T1-ED", "05-T1-ED"));
        Plan plan = engine.replan().plans().get(0);

        PlanningEngine.PreparedAudit audit =
                engine.prepareAudit(
                        new io.ostflow.planner.evaluation.audit.AuditDesign.Request(
                                List.of(TARGET), 1, 0, 1));

        var selection = audit.audit().targets().get(0).selection();
        assertThat(selection.sequential())
                .as("the plan's own path, from the closest connected source")
                .isEqualTo("sequential:" + String.join(">", plan.path()));
        assertThat(selection.sequentialGrid()).first().isEqualTo(selection.sequential());
        assertThat(audit.jobs()).isNotEmpty();
    }

    @Test
    void aTargetNoSourceReachesIsNotPlanned() {
        PlanningEngine engine = engine(List.of("01-FLAIR-ED", "02-FLAIR-ED"));

        assertThat(engine.replan().plans()).isEmpty();
        assertThat(engine.plan(TARGET)).isEmpty();
    }

    static PlanningEngine engine(List<String> sources) {
        PlanningEngine engine =
                new PlanningEngine(
                        PlannerSettings.defaults(),
                        Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));
        for (String s : sources) {
            engine.putTask(task(s, Role.SOURCE, s.startsWith("01") ? 20 : 8));
        }
        engine.putTask(task(TARGET, Role.TARGET, 3));
        List<String> all = new ArrayList<>(sources);
        all.add(TARGET);
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                engine.putEdge(edge(all.get(i), all.get(j)));
            }
        }
        return engine;
    }

    /** Connected when the tasks share a modality or objective; hand-set weights. */
    private static AffinityEdge edge(String a, String b) {
        TaskId x = TaskId.parse(a);
        TaskId y = TaskId.parse(b);
        boolean connected =
                x.modality().equals(y.modality()) || x.objective().equals(y.objective());
        Double w = connected ? weight(a, b) : null;
        String first = x.compareTo(y) < 0 ? a : b;
        String second = first.equals(a) ? b : a;
        return new AffinityEdge(first, second, 10, 0.5, w, connected, 0, "v", "v", 4);
    }

    private static double weight(String a, String b) {
        String pair = a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
        return switch (pair) {
            case "04-T1-ED|09-T1-CSF" -> 0.3;
            case "05-T1-ED|09-T1-CSF" -> 0.4;
            case "04-T1-ED|05-T1-ED" -> 0.2;
            default -> 0.5;
        };
    }
}
