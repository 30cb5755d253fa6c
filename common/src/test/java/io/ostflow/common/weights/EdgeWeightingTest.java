package io.ostflow.common.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ostflow.common.TaskId;
import io.ostflow.common.dataset.TaskNames;
import io.ostflow.common.events.EdgeWeights;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EdgeWeightingTest {
    private static final EdgeWeights AUTHORS = EdgeWeights.AUTHORS;

    @Test
    void sitesThatSpellOneModalityDifferentlyAreConnected() {
        TaskId flair = new TaskId("01", TaskNames.modality("Flair").orElseThrow(), "ED");
        TaskId upper = new TaskId("02", TaskNames.modality("FLAIR").orElseThrow(), "NCR");
        TaskId gd = new TaskId("03", TaskNames.modality("T1Gd").orElseThrow(), "NCR");
        TaskId ce = new TaskId("04", TaskNames.modality("T1ce").orElseThrow(), "ET");

        assertThat(EdgeWeighting.connected(flair, upper)).isTrue();
        assertThat(EdgeWeighting.connected(gd, ce)).isTrue();
        assertThat(EdgeWeighting.connected(flair, ce)).isFalse();
    }

    @Test
    void connectedOnlyWhenSharingModalityOrObjective() {
        assertThat(EdgeWeighting.connected(TaskId.parse("01-T1-ED"), TaskId.parse("02-T1-NCR")))
                .isTrue();
        assertThat(EdgeWeighting.connected(TaskId.parse("01-T1-ED"), TaskId.parse("02-T2-ED")))
                .isTrue();
        assertThat(EdgeWeighting.connected(TaskId.parse("01-T1-ED"), TaskId.parse("01-T2-NCR")))
                .isFalse();
        assertThat(
                        EdgeWeighting.weight(
                                TaskId.parse("01-T1-ED"),
                                TaskId.parse("01-T2-NCR"),
                                1,
                                1,
                                AUTHORS,
                                EdgeWeighting.Ranges.EMPTY))
                .isNull();
    }

    @Test
    void theAuthorsWeightIsAlphaHPlusCTimesOneMinusR() {
        Double w =
                EdgeWeighting.weight(
                        TaskId.parse("01-T1-ED"),
                        TaskId.parse("02-T1-ED"),
                        100,
                        0.8,
                        AUTHORS,
                        EdgeWeighting.Ranges.EMPTY);
        assertThat(w).isCloseTo(0.0044 * 100 + 2.4756 * (1 - 0.8), within(1e-12));
    }

    @Test
    void minmaxScalesHAndRToTheUnitInterval() {
        EdgeWeights minmax = new EdgeWeights(1, 1, -1, 1, "minmax", Instant.EPOCH);
        var ranges = EdgeWeighting.Ranges.EMPTY.with(10, 0.2).with(30, 0.6);
        Double w =
                EdgeWeighting.weight(
                        TaskId.parse("01-T1-ED"),
                        TaskId.parse("02-T1-ED"),
                        20,
                        0.6,
                        minmax,
                        ranges);
        assertThat(w).isCloseTo(0.5 - 1 + 1, within(1e-12));
    }

    @Test
    void theAuthorsWeightsAreTheLeastThatKeepEveryEdgeNonNegative() {
        assertThat(EdgeWeighting.lowestWeight(AUTHORS)).isCloseTo(0, within(1e-12));
        EdgeWeighting.requireNonNegative(AUTHORS);
    }

    @Test
    void aWeightSetThatAllowsANegativeEdgeIsRejectedWithTheFix() {
        EdgeWeights small = new EdgeWeights(3, 0.5, -2, 1, EdgeWeights.NONE, Instant.EPOCH);
        assertThat(EdgeWeighting.lowestWeight(small)).isEqualTo(-1);
        assertThatThrownBy(() -> EdgeWeighting.requireNonNegative(small))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weights v3")
                .hasMessageContaining("take c >= 2.0");
        EdgeWeights negativeAlpha =
                new EdgeWeights(4, -0.1, -2, 5, EdgeWeights.NONE, Instant.EPOCH);
        assertThatThrownBy(() -> EdgeWeighting.requireNonNegative(negativeAlpha))
                .hasMessageContaining("alpha must be >= 0");
        // beta > 0 rewards dissimilar masks; raw SSIM can be -1, scaled R not below 0
        EdgeWeights positiveBeta = new EdgeWeights(5, 0.1, 1, 0, EdgeWeights.NONE, Instant.EPOCH);
        assertThat(EdgeWeighting.lowestWeight(positiveBeta)).isEqualTo(-1);
        EdgeWeights scaled = new EdgeWeights(6, 0.1, 1, 0, EdgeWeights.MINMAX, Instant.EPOCH);
        assertThat(EdgeWeighting.lowestWeight(scaled)).isZero();
        EdgeWeights nan = new EdgeWeights(7, Double.NaN, -1, 1, EdgeWeights.NONE, Instant.EPOCH);
        assertThatThrownBy(() -> EdgeWeighting.requireNonNegative(nan))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
