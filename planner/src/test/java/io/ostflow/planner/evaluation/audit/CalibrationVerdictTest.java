package io.ostflow.planner.evaluation.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.planner.evaluation.calibration.CrossValidation;
import org.junit.jupiter.api.Test;

/** What the report says of a held-out fold's fit. */
class CalibrationVerdictTest {
    private static CrossValidation.Fold fold(
            double alpha, double beta, boolean predictive, boolean atEdge) {
        return new CrossValidation.Fold("09", 40, alpha, beta, 0.6, 0.4, predictive, null, atEdge);
    }

    @Test
    void aFitAtAnEdgeSaysWhichSignalItLeanedOn() {
        assertThat(AuditMarkdown.verdict(fold(9.5, 0.001, true, true)))
                .isEqualTo("predictive, at an edge of [0.001, 10]: H alone");
        assertThat(AuditMarkdown.verdict(fold(0.001, 8, true, true)))
                .isEqualTo("predictive, at an edge of [0.001, 10]: R alone");
        assertThat(AuditMarkdown.verdict(fold(10, 1, false, true)))
                .isEqualTo("H and R do not predict Dice: weights kept, at an edge of [0.001, 10]");
    }

    @Test
    void aFitInsideTheRangeIsJustItsVerdictAndASkippedFoldHasNone() {
        assertThat(AuditMarkdown.verdict(fold(1.2, 0.5, true, false))).isEqualTo("predictive");
        assertThat(
                        AuditMarkdown.verdict(
                                new CrossValidation.Fold(
                                        "08", 1, null, null, null, null, false, "too few", false)))
                .isEqualTo("—");
    }
}
