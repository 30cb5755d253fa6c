package io.ostflow.planner.evaluation.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ostflow.common.events.PlanRanking;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both rankings replayed on a hand-made grid of two seeds, shortlist of two. */
class RankingAuditTest {
    private static final List<String> PATHS = List.of("p1", "p2", "p3");

    /** p1 is cheapest; p2 scores best; p3 (off the shortlist) scores even better. */
    private static RankingAudit.Grid grid(Map<String, double[]> dice) {
        Map<String, Double> cost = Map.of("p1", 1.0, "p2", 2.0, "p3", 3.0);
        Map<String, double[]> leep =
                Map.of(
                        "p1", new double[] {-0.5, -0.5},
                        "p2", new double[] {-0.2, -0.6},
                        "p3", new double[] {-0.1, -0.1});
        // p3 validates best, p2 is best on the held-out cases of seed 0
        Map<String, double[]> validation =
                Map.of(
                        "p1", new double[] {0.5, 0.5},
                        "p2", new double[] {0.6, 0.6},
                        "p3", new double[] {0.9, 0.9});
        return new RankingAudit.Grid(PATHS, cost, dice, leep, validation);
    }

    private static Map<String, double[]> dice() {
        Map<String, double[]> dice = new HashMap<>();
        dice.put("p1", new double[] {0.40, 0.42});
        dice.put("p2", new double[] {0.70, 0.50});
        dice.put("p3", new double[] {0.60, 0.60});
        return dice;
    }

    @Test
    void affinityTakesTheCheapestTransferabilityTheBestScoredOfTheShortlistPerSeed() {
        List<RankingAudit.Replayed> replayed =
                new RankingAudit(2, 2).of(grid(dice()), grid(dice()));

        AuditReport.RankingResult affinity = result(replayed, PlanRanking.AFFINITY);
        AuditReport.RankingResult transfer = result(replayed, PlanRanking.TRANSFERABILITY);
        assertThat(affinity.path()).isEqualTo("p1");
        assertThat(affinity.pathDice().dice()).isCloseTo(0.41, within(1e-12));
        // seed 0: p2 (LEEP -0.2 > -0.5); seed 1: p1 (-0.5 > -0.6); p3 is off the shortlist
        assertThat(transfer.pathDice().dice()).isCloseTo((0.70 + 0.42) / 2, within(1e-12));
        // regret against p3, the validated best, not p2, the held-out best of seed 0
        assertThat(transfer.pathRegret().dice())
                .isCloseTo(((0.60 - 0.70) + (0.60 - 0.42)) / 2, within(1e-12));
        assertThat(affinity.pathRho()).as("cost against Dice").isNotNull();
        assertThat(transfer.pathRho())
                .as("LEEP against Dice, whole grid")
                .isCloseTo(Math.sqrt(3) / 2, within(1e-12)); // ranks 1,2,3 vs 1,2.5,2.5
    }

    /** s1 is cheapest and validates best of all; s2 scores better at seed 1. */
    private static RankingAudit.Grid sources() {
        return new RankingAudit.Grid(
                List.of("s1", "s2"),
                Map.of("s1", 1.0, "s2", 2.0),
                Map.of("s1", new double[] {0.80, 0.30}, "s2", new double[] {0.50, 0.55}),
                Map.of("s1", new double[] {-0.1, -0.9}, "s2", new double[] {-0.4, -0.8}),
                Map.of("s1", new double[] {0.95, 0.95}, "s2", new double[] {0.5, 0.5}));
    }

    @Test
    void theTransferIsTheHigherScoredOfPathAndSourceUnderTransferabilityAndThePathUnderAffinity() {
        List<RankingAudit.Replayed> replayed = new RankingAudit(2, 2).of(grid(dice()), sources());

        AuditReport.RankingResult affinity = result(replayed, PlanRanking.AFFINITY);
        AuditReport.RankingResult transfer = result(replayed, PlanRanking.TRANSFERABILITY);
        assertThat(affinity.transfer()).isEqualTo("p1");
        assertThat(affinity.transferDice().dice()).isCloseTo(0.41, within(1e-12));
        // regret against s1, the best validated of paths and sources together
        assertThat(affinity.transferRegret().dice())
                .isCloseTo(((0.80 - 0.40) + (0.30 - 0.42)) / 2, within(1e-12));
        // seed 0: s1 (LEEP -0.1) beats the path p2 (-0.2); seed 1: the path p1 (-0.5) beats s2
        // (-0.8)
        assertThat(transfer.transferDice().dice()).isCloseTo((0.80 + 0.42) / 2, within(1e-12));
        assertThat(transfer.transferRegret().dice())
                .isCloseTo(((0.80 - 0.80) + (0.30 - 0.42)) / 2, within(1e-12));
        assertThat(transfer.transfer()).as("each chosen once: the first").isEqualTo("s1");
        AuditReport.RankingSummary summary =
                new RankingAudit(2, 2).summary(List.of(replayed)).get(1);
        assertThat(summary.pathValidation().dice())
                .as("p2, then p1")
                .isCloseTo((0.6 + 0.5) / 2, within(1e-12));
        assertThat(summary.transferValidation().dice())
                .as("s1, then p1")
                .isCloseTo((0.95 + 0.5) / 2, within(1e-12));
    }

    @Test
    void noChoiceReadsTheHeldOutDice() {
        Map<String, double[]> other = dice();
        other.put("p1", new double[] {0.99, 0.01});
        other.put("p2", new double[] {0.02, 0.98});
        List<RankingAudit.Replayed> a = new RankingAudit(2, 2).of(grid(dice()), grid(dice()));
        List<RankingAudit.Replayed> b = new RankingAudit(2, 2).of(grid(other), grid(other));
        for (PlanRanking ranking : PlanRanking.values()) {
            assertThat(result(b, ranking).path()).isEqualTo(result(a, ranking).path());
        }
        assertThat(result(b, PlanRanking.TRANSFERABILITY).pathDice().dice())
                .as("the same choices, graded on the new Dice: p2 at seed 0, p1 at seed 1")
                .isCloseTo((0.02 + 0.01) / 2, within(1e-12));
    }

    @Test
    void theSummaryAveragesTargetsPerSeed() {
        RankingAudit audit = new RankingAudit(2, 2);
        List<AuditReport.RankingSummary> summary =
                audit.summary(
                        List.of(
                                audit.of(grid(dice()), grid(dice())),
                                audit.of(grid(dice()), grid(dice()))));
        assertThat(summary)
                .extracting(AuditReport.RankingSummary::ranking)
                .containsExactly(PlanRanking.AFFINITY, PlanRanking.TRANSFERABILITY);
        assertThat(summary.get(0).pathDice().dice()).isCloseTo(0.41, within(1e-12));
        assertThat(summary.get(0).pathDice().seeds()).isEqualTo(2);
        assertThat(summary.get(0).transferDice().dice())
                .as("affinity plans its path")
                .isCloseTo(0.41, within(1e-12));
    }

    private static AuditReport.RankingResult result(
            List<RankingAudit.Replayed> replayed, PlanRanking ranking) {
        return replayed.stream()
                .map(RankingAudit.Replayed::result)
                .filter(r -> r.ranking() == ranking)
                .findFirst()
                .orElseThrow();
    }
}
