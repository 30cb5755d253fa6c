package io.ostflow.affinity.domain;

import static org.assertj.core.api.Assertions.assertThat;
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
}
