package io.ostflow.planner.evaluation.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankCorrelationTest {
    @Test
    void aMonotoneSeriesIsPlusOrMinusOne() {
        double[] cost = {0.1, 0.4, 0.2, 0.9};
        assertThat(RankCorrelation.spearman(cost, new double[] {1, 4, 2, 9})).isEqualTo(1.0);
        assertThat(RankCorrelation.spearman(cost, new double[] {0.9, 0.3, 0.8, 0.1}))
                .isEqualTo(-1.0);
    }

    @Test
    void aHandComputedExampleWithoutTies() {
        // ranks x: 1 2 3 4 5, ranks y: 2 1 4 3 5; sum d^2 = 4; rho = 1 - 6*4/(5*24) = 0.8
        double[] x = {10, 20, 30, 40, 50};
        double[] y = {0.2, 0.1, 0.4, 0.3, 0.5};
        assertThat(RankCorrelation.spearman(x, y)).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void tiesGetTheirAverageRank() {
        assertThat(RankCorrelation.ranks(new double[] {0.5, 0.1, 0.5, 0.9}))
                .containsExactly(2.5, 1, 2.5, 4);
        // x ranks 1 2 3 4, y ranks 1.5 1.5 3 4: Pearson of the ranks = 0.9486832980505138
        assertThat(RankCorrelation.spearman(new double[] {1, 2, 3, 4}, new double[] {7, 7, 8, 9}))
                .isCloseTo(0.9486832980505138, within(1e-12));
    }

    @Test
    void kendallsTauBCountsConcordantAndDiscordantPairsAndCorrectsForTies() {
        double[] x = {1, 2, 3, 4};
        assertThat(RankCorrelation.kendall(x, new double[] {10, 20, 30, 40})).isEqualTo(1.0);
        assertThat(RankCorrelation.kendall(x, new double[] {4, 3, 2, 1})).isEqualTo(-1.0);
        // one swapped pair of six: (5 - 1) / 6
        assertThat(RankCorrelation.kendall(x, new double[] {1, 3, 2, 4}))
                .isCloseTo(4 / 6.0, within(1e-12));
        // a tie in x: 5 concordant, 0 discordant, sqrt((6 - 1) * 6) (scipy's tau-b 0.9128709)
        assertThat(RankCorrelation.kendall(new double[] {1, 1, 2, 3}, x))
                .isCloseTo(0.9128709291752769, within(1e-12));
        assertThat(RankCorrelation.kendall(new double[] {1, 2}, new double[] {2, 1})).isNaN();
        assertThat(RankCorrelation.kendall(x, new double[] {5, 5, 5, 5})).isNaN();
    }

    @Test
    void tooFewOrConstantSeriesHaveNoCorrelation() {
        assertThat(RankCorrelation.spearman(new double[] {1, 2}, new double[] {2, 1})).isNaN();
        assertThat(RankCorrelation.spearman(new double[] {1, 2, 3}, new double[] {5, 5, 5}))
                .isNaN();
        assertThatThrownBy(() -> RankCorrelation.spearman(new double[3], new double[4]))
                .hasMessageContaining("differ in length");
    }
}
