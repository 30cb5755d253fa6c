package io.ostflow.planner.evaluation.audit;

import static io.ostflow.common.events.TransferabilityScore.BALANCED_LEEP;
import static io.ostflow.common.events.TransferabilityScore.EEP_DICE;
import static io.ostflow.common.events.TransferabilityScore.LEEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.JobState;
import io.ostflow.common.events.TransferabilityScore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tables, regret and rank correlation of a hand-made audit with fixed results. */
class AuditReporterTest {
    private static final double EPS = 1e-12;

    private static AuditScheduled.Candidate c(String key, JobKind kind, Double cost, String job) {
        List<String> sources =
                key.contains(":")
                        ? List.of(key.substring(key.indexOf(':') + 1).split(">"))
                        : List.of();
        return new AuditScheduled.Candidate(key, kind, sources, cost, List.of(job + 0, job + 1));
    }

    private static final AuditScheduled AUDIT =
            new AuditScheduled(
                    "audit-test",
                    List.of(42L, 43L),
                    0,
                    2,
                    List.of(
                            new AuditScheduled.Target(
                                    "09-T1-ED",
                                    4,
                                    List.of(
                                            c("scratch", JobKind.SCRATCH, null, "s"),
                                            c("direct:A", JobKind.DIRECT, 0.5, "a"),
                                            c("sequential:A>B", JobKind.SEQUENTIAL, 1.5, "o"),
                                            c("direct:B", JobKind.DIRECT, 0.4, "b"),
                                            c("direct:C", JobKind.DIRECT, 0.9, "c"),
                                            c("sequential:A>C", JobKind.SEQUENTIAL, 1.8, "p"),
                                            c("sequential:D>E", JobKind.SEQUENTIAL, 2.0, "q"),
                                            c("multitask:A>B", JobKind.MULTITASK, 1.5, "m")),
                                    new AuditScheduled.Selection(
                                            "scratch",
                                            "direct:A",
                                            "sequential:A>B",
                                            "direct:B",
                                            List.of("direct:B", "direct:A", "direct:C"),
                                            true,
                                            List.of(
                                                    "sequential:A>B",
                                                    "sequential:A>C",
                                                    "sequential:D>E"),
                                            true,
                                            List.of("direct:C", "direct:B"),
                                            List.of("sequential:D>E", "sequential:A>B"),
                                            "multitask:A>B"))),
                    Instant.parse("2026-12-02T12:00:00Z"));

    private static Map<String, JobOutcome> results() {
        Map<String, JobOutcome> r = new HashMap<>();
        double[][] dice = {
            {0.30, 0.40},
            {0.50, 0.60},
            {0.60, 0.70},
            {0.55, 0.45},
            {0.20, 0.30},
            {0.80, 0.70},
            {0.58, 0.62}
        };
        String[] jobs = {"s", "a", "o", "b", "c", "p", "m"};
        for (int j = 0; j < jobs.length; j++) {
            for (int k = 0; k < 2; k++) {
                // validation ranks as held-out does here; a test below makes them disagree
                r.put(
                        jobs[j] + k,
                        new JobOutcome(JobState.COMPLETED, dice[j][k], null, dice[j][k]));
            }
        }
        // LEEP of the direct candidates' source models: B scores highest, then A, then C
        double[][] leep = {{-0.30, -0.32}, {-0.20, -0.22}, {-0.50, -0.52}};
        String[] direct = {"a", "b", "c"};
        for (int j = 0; j < direct.length; j++) {
            for (int k = 0; k < 2; k++) {
                String id = direct[j] + k;
                r.put(
                        id,
                        new JobOutcome(
                                JobState.COMPLETED,
                                r.get(id).dice(),
                                leep[j][k],
                                r.get(id).validationDice()));
            }
        }
        r.put("q0", new JobOutcome(JobState.COMPLETED, 0.10));
        r.put("q1", new JobOutcome(JobState.FAILED, null));
        return r;
    }

    private static AuditReport report(Map<String, JobOutcome> results) {
        return AuditReporter.report(AUDIT, id -> Optional.ofNullable(results.get(id)), 4, LEEP);
    }

    @Test
    void theTablesAreMeansOverSeedsAndTheBestIsChosenOnceOverSeeds() {
        AuditReport.TargetReport t = report(results()).targets().get(0);
        AuditReport.Rows rows = t.rows();

        assertThat(rows.scratch().dice()).isCloseTo(0.35, within(EPS));
        assertThat(rows.scratch().sd()).isCloseTo(Math.sqrt(0.005), within(EPS));
        assertThat(rows.direct().dice()).isCloseTo(0.55, within(EPS));
        assertThat(rows.sequential().dice()).isCloseTo(0.65, within(EPS));
        assertThat(rows.ostflowDirect().dice()).isCloseTo(0.50, within(EPS));
        assertThat(rows.multitask().dice()).isCloseTo(0.60, within(EPS));
        // best direct: means B 0.50, A 0.55, C 0.25
        assertThat(rows.bestDirect().candidate()).isEqualTo("direct:A");
        assertThat(rows.bestDirect().dice()).isCloseTo(0.55, within(EPS));
        // best path: A>B 0.65, A>C 0.75, D>E 0.10 (one seed failed)
        assertThat(rows.bestSequential().candidate()).isEqualTo("sequential:A>C");
        assertThat(rows.bestSequential().dice()).isCloseTo(0.75, within(EPS));
        // random single source: per seed (0.20 + 0.55) / 2 and (0.30 + 0.45) / 2
        assertThat(rows.randomDirect().dice()).isCloseTo(0.375, within(EPS));
        assertThat(rows.randomDirect().sd()).isCloseTo(0, within(EPS));
        // random path: seed 0 (0.10 + 0.60) / 2; seed 1 has a failed draw and no value
        assertThat(rows.randomSequential().dice()).isCloseTo(0.35, within(EPS));
        assertThat(rows.randomSequential().seeds()).isEqualTo(1);
        assertThat(rows.randomSequential().sd()).isNull();
    }

    @Test
    void leepPicksTheSourceWhoseModelScoresHighestAndIsRankCorrelatedWithDice() {
        AuditReport.TargetReport t = report(results()).targets().get(0);

        assertThat(t.rows().leepDirect().candidate()).isEqualTo("direct:B");
        assertThat(t.rows().leepDirect().dice()).isCloseTo(0.50, within(EPS));
        // LEEP means B -0.21, A -0.31, C -0.51 against Dice 0.50, 0.55, 0.25: rho 0.5
        assertThat(t.leepRankCorrelation()).isCloseTo(0.5, within(EPS));
        assertThat(t.grid())
                .filteredOn(c -> c.key().equals("direct:C"))
                .singleElement()
                .extracting(AuditReport.CandidateResult::leep)
                .isEqualTo(-0.51);
        assertThat(t.grid())
                .filteredOn(c -> c.key().equals("scratch"))
                .singleElement()
                .extracting(AuditReport.CandidateResult::leep)
                .isNull();
    }

    @Test
    void theBestRangesOverEveryTrainedCandidateOfItsKindNotOnlyACutGrid() {
        AuditScheduled.Target t = AUDIT.targets().get(0);
        AuditScheduled.Selection s = t.selection();
        AuditScheduled.Selection cut =
                new AuditScheduled.Selection(
                        s.scratch(),
                        s.direct(),
                        s.sequential(),
                        s.ostflowDirect(),
                        List.of("direct:B"),
                        false,
                        List.of("sequential:A>B"),
                        false,
                        s.randomDirect(),
                        s.randomSequential(),
                        s.multitask());
        AuditScheduled audit =
                new AuditScheduled(
                        AUDIT.auditId(),
                        AUDIT.seeds(),
                        1,
                        AUDIT.randomDraws(),
                        List.of(
                                new AuditScheduled.Target(
                                        t.target(), t.planVersion(), t.candidates(), cut)),
                        AUDIT.scheduledAt());
        Map<String, JobOutcome> r = results();
        AuditReport.TargetReport report =
                AuditReporter.report(audit, id -> Optional.ofNullable(r.get(id)), 4, LEEP)
                        .targets()
                        .get(0);

        // direct:A is Table 1's direct job, outside the cut grid, and the best source trained
        assertThat(report.rows().bestDirect().candidate()).isEqualTo("direct:A");
        assertThat(report.rows().bestSequential().candidate()).isEqualTo("sequential:A>C");
        assertThat(report.directGridComplete()).isFalse();
    }

    @Test
    void theBestRowsChooseByValidationAndReportHeldOutDice() {
        Map<String, JobOutcome> results = results();
        // direct:A is best on held-out (0.55) but validates below direct:B
        for (int k = 0; k < 2; k++) {
            JobOutcome a = results.get("a" + k);
            results.put("a" + k, new JobOutcome(a.state(), a.dice(), a.leep(), 0.10));
            JobOutcome b = results.get("b" + k);
            results.put("b" + k, new JobOutcome(b.state(), b.dice(), b.leep(), 0.90));
        }
        AuditReport.Rows rows = report(results).targets().get(0).rows();

        assertThat(rows.bestDirect().candidate()).isEqualTo("direct:B");
        assertThat(rows.bestDirect().dice())
                .as("reported on held-out cases")
                .isCloseTo(0.50, within(EPS));
    }

    @Test
    void withoutValidationNoBestRowIsChosen() {
        Map<String, JobOutcome> results = new HashMap<>();
        results()
                .forEach(
                        (id, o) ->
                                results.put(
                                        id, new JobOutcome(o.state(), o.dice(), o.leep(), null)));
        AuditReport.TargetReport t = report(results).targets().get(0);

        assertThat(t.rows().bestDirect().candidate()).isNull();
        assertThat(t.rows().bestDirect().dice()).isNull();
        assertThat(t.rows().scratch().dice()).as("the fixed rows stay").isNotNull();
    }

    @Test
    void regretIsTheBestPathsDiceMinusTheOstPathsPerSeed() {
        AuditReport.TargetReport t = report(results()).targets().get(0);

        // per seed 0.80 - 0.60 and 0.70 - 0.70
        assertThat(t.regret().dice()).isCloseTo(0.10, within(EPS));
        assertThat(t.regret().sd()).isCloseTo(Math.sqrt(0.02), within(EPS));
        assertThat(t.regretAnyTransfer().candidate()).isEqualTo("sequential:A>C");
        assertThat(t.regretAnyTransfer().dice()).isCloseTo(0.10, within(EPS));
        assertThat(t.path()).containsExactly("A", "B");
    }

    @Test
    void rankCorrelationIsOverEachGridsCostAndMeanDice() {
        AuditReport.TargetReport t = report(results()).targets().get(0);

        // costs 0.4 0.5 0.9 against means 0.50 0.55 0.25: rank differences -1 -1 2, rho -0.5
        assertThat(t.directRankCorrelation()).isCloseTo(-0.5, within(EPS));
        // costs 1.5 1.8 2.0 against means 0.65 0.75 0.10: the same ranks
        assertThat(t.sequentialRankCorrelation()).isCloseTo(-0.5, within(EPS));
        // three pairs: one concordant, two discordant, no ties: tau (1 - 2) / 3
        assertThat(t.kendallTau().direct()).isCloseTo(-1 / 3.0, within(EPS));
        assertThat(t.kendallTau().sequential()).isCloseTo(-1 / 3.0, within(EPS));
        assertThat(t.kendallTau().leep()).isCloseTo(1 / 3.0, within(EPS));
    }

    @Test
    void progressCountsFailuresAndTheAuditRunsUntilEveryJobHasAResult() {
        AuditReport done = report(results());
        assertThat(done.jobs()).isEqualTo(new AuditReport.Progress(16, 15, 1));
        assertThat(done.state()).isEqualTo(AuditReport.State.completed);
        // one target: the summary is its rows, without the candidates the best rows settled on
        assertThat(done.summary())
                .usingRecursiveComparison()
                .ignoringFields(
                        "bestDirect.candidate", "bestSequential.candidate", "leepDirect.candidate")
                .isEqualTo(done.targets().get(0).rows());

        Map<String, JobOutcome> partial = results();
        partial.put("s1", new JobOutcome(JobState.RUNNING, null));
        partial.remove("p0");
        AuditReport running = report(partial);
        assertThat(running.state()).isEqualTo(AuditReport.State.running);
        assertThat(running.jobs()).isEqualTo(new AuditReport.Progress(16, 13, 1));
        assertThat(running.targets().get(0).rows().scratch().seeds()).isEqualTo(1);
        assertThat(running.targets().get(0).rows().scratch().text()).isEqualTo("0.300");
    }

    @Test
    void theMarkdownHasEveryTableInThePapersLayoutAndTheChartsArePngs() {
        AuditReport r = report(results());
        String md = AuditMarkdown.render(r);

        assertThat(md)
                .contains("## Table 1", "## Table 3", "## Table 4, single source")
                .contains("## Table 4, multiple sources", "## Regret and rank correlation")
                .contains("| 09-T1-ED | 0.350 ± 0.071 | 0.550 ± 0.071 | 0.650 ± 0.071 | A → B |")
                .contains("0.750 ± 0.071 (A → C)")
                .contains("0.500 ± 0.071 (B)")
                .contains(
                        "| 09-T1-ED | 0.100 ± 0.141 | 0.100 ± 0.141 | -0.50 / -0.33 | -0.50 / -0.33"
                                + " | +0.50 / +0.33 |");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        assertThat(AuditCharts.dicePerTarget(r)).startsWith(png);
        assertThat(AuditCharts.costAgainstDice(r)).startsWith(png);
    }

    @Test
    void everyScoreIsComparedOnTheSameGridsAndTheReportNamesTheRankingsOne() {
        // held-out and validation Dice of A, B, C: 0.55, 0.50, 0.25. LEEP ranks B, A, C;
        // the balanced LEEP ranks A, B, C, as Dice does
        Map<String, JobOutcome> r = results();
        double[] leep = {-0.30, -0.20, -0.50};
        double[] balanced = {-0.40, -0.60, -0.90};
        String[] direct = {"a", "b", "c"};
        for (int j = 0; j < direct.length; j++) {
            for (int k = 0; k < 2; k++) {
                JobOutcome o = r.get(direct[j] + k);
                r.put(
                        direct[j] + k,
                        new JobOutcome(
                                o.state(),
                                o.dice(),
                                balanced[j],
                                o.validationDice(),
                                Map.of(LEEP, leep[j], BALANCED_LEEP, balanced[j])));
            }
        }

        AuditReport report =
                AuditReporter.report(AUDIT, id -> Optional.ofNullable(r.get(id)), 4, BALANCED_LEEP);

        AuditReport.ScoreResult byLeep = score(report, LEEP);
        AuditReport.ScoreResult byBalanced = score(report, BALANCED_LEEP);
        assertThat(byLeep.heldOutRho()).isCloseTo(0.5, within(EPS));
        assertThat(byLeep.validationRho()).isCloseTo(0.5, within(EPS));
        assertThat(byLeep.regret()).as("LEEP picks B, validation A").isCloseTo(0.05, within(EPS));
        assertThat(byBalanced.heldOutRho()).isCloseTo(1.0, within(EPS));
        assertThat(byBalanced.heldOutTau()).isCloseTo(1.0, within(EPS));
        assertThat(byBalanced.regret()).isCloseTo(0.0, within(EPS));
        assertThat(byBalanced.targets()).isEqualTo(1);
        assertThat(score(report, EEP_DICE).heldOutRho()).as("not measured").isNull();
        assertThat(score(report, EEP_DICE).regret()).as("no choice without every score").isNull();
        assertThat(report.targets().get(0).rows().leepDirect().candidate())
                .as("the ranking's score chooses Table 4's row")
                .isEqualTo("direct:A");
        assertThat(AuditMarkdown.render(report))
                .contains("balanced LEEP, ostflow's choice")
                .contains(
                        "| balanced LEEP | sources | +1.00 / +1.00 | +1.00 / +1.00 | 0.000 | 1 |");
    }

    private static AuditReport.ScoreResult score(AuditReport report, TransferabilityScore s) {
        return report.scores().stream()
                .filter(r -> r.score() == s && r.kind() == JobKind.DIRECT)
                .findFirst()
                .orElseThrow();
    }
}
