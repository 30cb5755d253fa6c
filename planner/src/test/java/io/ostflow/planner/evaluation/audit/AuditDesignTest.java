package io.ostflow.planner.evaluation.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.PlanRanking;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.planner.graph.TransferPath;
import io.ostflow.planner.ledger.TrainingBudget;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The job set of an audit of one hand-made plan: which candidates, stages, seeds, counts. */
class AuditDesignTest {
    private static final String T = "09-T1-ED";
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private final AuditDesign design = new AuditDesign(new TrainingBudget(63, 60, 3), 42);

    /** The OST path 01 -> 02 (cost 1.5); ostflow's direct choice is 02 (w = 0.4). */
    private static final Plan PLAN =
            new Plan(
                    T,
                    4,
                    List.of("01-T1-ED", "02-T1-ED"),
                    1.5,
                    List.of(new Plan.Term("01-T1-ED", T, 0.5)),
                    List.of(),
                    new Plan.Direct("02-T1-ED", 0.4),
                    3,
                    0,
                    NOW);

    private static final List<TransferPath.Term> DIRECTS =
            List.of(term("02-T1-ED", 0.4), term("01-T1-ED", 0.5), term("03-T1-ED", 0.9));

    private static final List<TransferPath> PATHS =
            List.of(
                    path(1.5, "01-T1-ED", "02-T1-ED"),
                    path(1.8, "01-T1-ED", "03-T1-ED"),
                    path(2.0, "04-T1-ED", "05-T1-ED"));

    private static TransferPath.Term term(String source, double w) {
        return new TransferPath.Term(source, T, w);
    }

    private static TransferPath path(double cost, String... tasks) {
        return new TransferPath(List.of(tasks), cost, List.of());
    }

    private static Function<String, OptionalInt> cases(int sources) {
        return task -> OptionalInt.of(task.equals(T) ? 3 : sources);
    }

    private AuditDesign.Designed designed(int seeds, int limit, int draws, int sourceCases) {
        return design.design(
                "audit-x",
                new AuditDesign.Request(List.of(T), seeds, limit, draws),
                PLAN,
                PATHS,
                DIRECTS,
                cases(sourceCases),
                NOW);
    }

    private static AuditScheduled.Candidate candidate(AuditDesign.Designed d, String key) {
        return d.target().candidates().stream()
                .filter(c -> c.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no candidate " + key));
    }

    private static List<TrainingJob.Stage> stagesOf(AuditDesign.Designed d, String key) {
        String id = candidate(d, key).jobIds().get(0);
        return d.jobs().stream()
                .filter(j -> j.jobId().equals(id))
                .findFirst()
                .orElseThrow()
                .stages();
    }

    @Test
    void anExhaustiveAuditTrainsEveryCandidateOncePerSeed() {
        AuditDesign.Designed d = designed(2, 0, 3, 100);

        assertThat(d.target().candidates())
                .extracting(AuditScheduled.Candidate::key)
                .containsExactly(
                        "scratch",
                        "direct:01-T1-ED",
                        "sequential:01-T1-ED>02-T1-ED",
                        "direct:02-T1-ED",
                        "multitask:01-T1-ED>02-T1-ED",
                        "direct:03-T1-ED",
                        "sequential:01-T1-ED>03-T1-ED",
                        "sequential:04-T1-ED>05-T1-ED");
        assertThat(d.jobs()).hasSize(16);
        assertThat(d.jobs()).extracting(TrainingJob::jobId).doesNotHaveDuplicates();
        assertThat(d.jobs()).extracting(TrainingJob::seed).containsOnly(42L, 43L);
        assertThat(d.jobs()).allMatch(j -> "audit-x".equals(j.audit()) && j.planVersion() == 4);

        AuditScheduled.Selection s = d.target().selection();
        assertThat(s.scratch()).isEqualTo("scratch");
        assertThat(s.direct()).isEqualTo("direct:01-T1-ED");
        assertThat(s.sequential()).isEqualTo("sequential:01-T1-ED>02-T1-ED");
        assertThat(s.ostflowDirect()).isEqualTo("direct:02-T1-ED");
        assertThat(s.multitask()).isEqualTo("multitask:01-T1-ED>02-T1-ED");
        assertThat(s.directGrid())
                .containsExactly("direct:02-T1-ED", "direct:01-T1-ED", "direct:03-T1-ED");
        assertThat(s.sequentialGrid()).hasSize(3).startsWith("sequential:01-T1-ED>02-T1-ED");
        assertThat(s.directGridComplete()).isTrue();
        assertThat(s.sequentialGridComplete()).isTrue();
        assertThat(s.randomPerSeed()).isEqualTo(3);
        assertThat(s.randomDirect()).as("3 draws per seed").hasSize(6).isSubsetOf(s.directGrid());
        assertThat(s.randomSequential()).hasSize(6).isSubsetOf(s.sequentialGrid());
        assertThat(candidate(d, "direct:03-T1-ED").cost()).isEqualTo(0.9);
        assertThat(candidate(d, "sequential:04-T1-ED>05-T1-ED").cost()).isEqualTo(2.0);
        assertThat(candidate(d, "scratch").cost()).isNull();
    }

    @Test
    void eachSeedDrawsItsOwnRandomCandidatesAndTrainsThemAtThatSeedOnly() {
        // a cut grid, so that draws can fall outside it and be trained for the draws alone
        AuditDesign.Designed d = designed(3, 1, 4, 100);
        AuditScheduled.Selection s = d.target().selection();
        List<List<String>> bySeed =
                List.of(
                        s.randomDirect().subList(0, 4),
                        s.randomDirect().subList(4, 8),
                        s.randomDirect().subList(8, 12));

        assertThat(bySeed.get(1)).as("seed 43 draws its own").isNotEqualTo(bySeed.get(0));
        assertThat(designed(3, 1, 4, 100).target().selection().randomDirect())
                .as("seeded: the same request draws the same")
                .isEqualTo(s.randomDirect());
        for (AuditScheduled.Candidate c : d.target().candidates()) {
            boolean fixed =
                    !s.randomDirect().contains(c.key()) && !s.randomSequential().contains(c.key())
                            || s.directGrid().contains(c.key())
                            || s.sequentialGrid().contains(c.key())
                            || List.of(
                                            s.scratch(),
                                            s.direct(),
                                            s.sequential(),
                                            s.ostflowDirect(),
                                            s.multitask())
                                    .contains(c.key());
            for (int k = 0; k < 3; k++) {
                boolean drawnAtK =
                        s.randomDirect().subList(4 * k, 4 * k + 4).contains(c.key())
                                || s.randomSequential().subList(4 * k, 4 * k + 4).contains(c.key());
                assertThat(c.jobIds().get(k) != null)
                        .as("%s at seed %d", c.key(), k)
                        .isEqualTo(fixed || drawnAtK);
            }
        }
        assertThat(d.jobs())
                .extracting(TrainingJob::jobId)
                .doesNotHaveDuplicates()
                .doesNotContainNull();
    }

    @Test
    void eachKindGetsThePapersStagesAndBudget() {
        AuditDesign.Designed d = designed(1, 0, 1, 100);

        assertThat(stagesOf(d, "scratch"))
                .containsExactly(
                        new TrainingJob.Stage(StageType.PRETRAIN, T, 3),
                        new TrainingJob.Stage(StageType.EVALUATE, T, 0));
        assertThat(stagesOf(d, "direct:03-T1-ED"))
                .containsExactly(
                        new TrainingJob.Stage(StageType.PRETRAIN, "03-T1-ED", 63),
                        new TrainingJob.Stage(StageType.FINETUNE, T, 3),
                        new TrainingJob.Stage(StageType.EVALUATE, T, 0));
        assertThat(stagesOf(d, "sequential:04-T1-ED>05-T1-ED"))
                .containsExactly(
                        new TrainingJob.Stage(StageType.PRETRAIN, "04-T1-ED", 60),
                        new TrainingJob.Stage(StageType.FINETUNE, "05-T1-ED", 3),
                        new TrainingJob.Stage(StageType.FINETUNE, T, 3),
                        new TrainingJob.Stage(StageType.EVALUATE, T, 0));
        assertThat(candidate(d, "sequential:04-T1-ED>05-T1-ED").kind())
                .isEqualTo(JobKind.SEQUENTIAL);
        // the multi-task baseline: the OST path's cases at once, then the target
        assertThat(stagesOf(d, "multitask:01-T1-ED>02-T1-ED"))
                .containsExactly(
                        new TrainingJob.Stage(
                                StageType.PRETRAIN,
                                "01-T1-ED",
                                60,
                                List.of(new TrainingJob.Joint("02-T1-ED", 3))),
                        new TrainingJob.Stage(StageType.FINETUNE, T, 3),
                        new TrainingJob.Stage(StageType.EVALUATE, T, 0));
        assertThat(candidate(d, "multitask:01-T1-ED>02-T1-ED").kind()).isEqualTo(JobKind.MULTITASK);
    }

    @Test
    void onSourcesOf8CasesDirectAndSequentialSeeTheSameEightSourceCases() {
        AuditDesign.Designed d = designed(1, 0, 1, 8);

        assertThat(stagesOf(d, "direct:03-T1-ED").get(0).cases()).isEqualTo(8);
        List<TrainingJob.Stage> sequential = stagesOf(d, "sequential:01-T1-ED>03-T1-ED");
        assertThat(sequential.get(0).cases() + sequential.get(1).cases()).isEqualTo(8);
        assertThat(sequential.get(0).cases()).isEqualTo(5);
    }

    @Test
    void aLimitCutsTheGridsToTheCheapestAndSaysSo() {
        AuditDesign.Designed d = designed(1, 1, 10, 100);

        AuditScheduled.Selection s = d.target().selection();
        assertThat(s.directGrid()).containsExactly("direct:02-T1-ED");
        assertThat(s.sequentialGrid()).containsExactly("sequential:01-T1-ED>02-T1-ED");
        assertThat(s.directGridComplete()).isFalse();
        assertThat(s.sequentialGridComplete()).isFalse();
        // random draws range over every connected source and admissible path, not the cut grid
        assertThat(s.randomDirect()).hasSize(10).contains("direct:03-T1-ED");
    }

    @Test
    void theSameRequestGivesTheSameJobsAndAuditsShareACandidatesJobs() {
        AuditDesign.Designed a = designed(2, 0, 3, 100);
        AuditDesign.Designed b = designed(2, 0, 3, 100);
        AuditDesign.Designed other =
                design.design(
                        "audit-y",
                        new AuditDesign.Request(List.of(T), 1, 1, 1),
                        PLAN,
                        PATHS,
                        DIRECTS,
                        cases(100),
                        NOW);

        assertThat(b.target()).isEqualTo(a.target());
        assertThat(candidate(other, "scratch").jobIds().get(0))
                .isEqualTo(candidate(a, "scratch").jobIds().get(0));
        assertThat(candidate(a, "scratch").jobIds().get(1))
                .isNotEqualTo(candidate(a, "scratch").jobIds().get(0));
    }

    @Test
    void replayingTheTransferabilityRankingTrainsItsWholeShortlist() {
        AuditDesign.Request affinity =
                new AuditDesign.Request(List.of(T), 1, 2, 1, List.of(PlanRanking.AFFINITY));
        AuditDesign.Request both = new AuditDesign.Request(List.of(T), 1, 2, 1);

        assertThat(affinity.covering(4)).isEqualTo(affinity);
        assertThat(both.covering(4).gridLimit()).isEqualTo(4);
        assertThat(both.covering(1)).isEqualTo(both);
        assertThat(new AuditDesign.Request(List.of(T), 1, 0, 1).covering(4).gridLimit())
                .as("exhaustive stays exhaustive")
                .isZero();
        assertThat(AuditDesign.auditId(affinity, List.of(PLAN)))
                .as("another question, another audit")
                .isNotEqualTo(AuditDesign.auditId(both, List.of(PLAN)));
    }

    @Test
    void badRequestsAndUnplannableTargetsAreRefused() {
        assertThatThrownBy(() -> new AuditDesign.Request(List.of(), 1, 0, 1))
                .hasMessageContaining("a target and a ranking");
        assertThatThrownBy(() -> new AuditDesign.Request(List.of(T), 1, 0, 1, List.of()))
                .hasMessageContaining("a target and a ranking");
        assertThatThrownBy(() -> new AuditDesign.Request(List.of(T), 0, 0, 1))
                .hasMessageContaining("seeds must be 1..20");
        assertThatThrownBy(() -> new AuditDesign.Request(List.of(T), 1, -1, 1))
                .hasMessageContaining("grid limit");
        assertThatThrownBy(
                        () ->
                                design.design(
                                        "audit-z",
                                        new AuditDesign.Request(List.of(T), 1, 0, 1),
                                        PLAN,
                                        List.of(),
                                        DIRECTS,
                                        cases(100),
                                        NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no admissible path");
    }
}
