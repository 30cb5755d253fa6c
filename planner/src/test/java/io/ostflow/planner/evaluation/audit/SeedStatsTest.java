package io.ostflow.planner.evaluation.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedStatsTest {
    @Test
    void eachSeedsRandomRowAveragesItsOwnDraws() {
        Map<String, double[]> dice =
                Map.of(
                        "a", new double[] {0.2, Double.NaN},
                        "b", new double[] {0.4, Double.NaN},
                        "c", new double[] {Double.NaN, 0.6},
                        "d", new double[] {Double.NaN, 0.8});

        assertThat(SeedStats.drawMean(List.of("a", "b", "c", "d"), 2, dice, 2))
                .containsExactly(0.30000000000000004, 0.7);
        assertThat(SeedStats.drawMean(List.of("a", "b"), 0, dice, 2)[0])
                .as("older audits: every draw is every seed's")
                .isEqualTo(0.30000000000000004);
    }
}
