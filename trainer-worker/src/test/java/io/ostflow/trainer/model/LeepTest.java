package io.ostflow.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeepTest {
    private static final float LN3 = (float) Math.log(3);

    @Test
    void aHandComputedExample() {
        // p = 0.5, 0.5, 0.75, 0.25 on labels 0, 1, 1, 0:
        // P(y, z) = [[1.25, 0.75], [0.75, 1.25]] / 4, P(y | z) = [[0.625, 0.375], [0.375, 0.625]]
        // expected predictions 0.5, 0.5, 0.5625, 0.5625 -> LEEP = (log 0.5 + log 0.5625) / 2
        double leep =
                Leep.of(
                        List.of(new float[] {0, 0}, new float[] {LN3, -LN3}),
                        List.of(new float[] {0, 1}, new float[] {1, 0}));
        assertThat(leep).isCloseTo((Math.log(0.5) + Math.log(0.5625)) / 2, within(1e-6));
    }

    @Test
    void aConfidentSourceScoresHigherThanAnUninformedOne() {
        float[] labels = {0, 0, 0, 1, 1, 0, 1, 0};
        float[] confident = new float[labels.length];
        float[] flipped = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            confident[i] = labels[i] > 0 ? 8 : -8;
            flipped[i] = -confident[i];
        }
        double good = Leep.of(List.of(confident), List.of(labels));
        double uninformed = Leep.of(List.of(new float[labels.length]), List.of(labels));

        assertThat(good).isLessThanOrEqualTo(0).isGreaterThan(-0.01);
        // uninformed: P(y | z) is the label frequency, LEEP its entropy, -H(3/8)
        double q = 3 / 8.0;
        assertThat(uninformed).isCloseTo(q * Math.log(q) + (1 - q) * Math.log(1 - q), within(1e-9));
        // LEEP learns the label mapping through P(y | z): a source that predicts the inverse
        // transfers as well, as a re-trained head would make it
        assertThat(Leep.of(List.of(flipped), List.of(labels))).isCloseTo(good, within(1e-9));
    }

    @Test
    void mismatchedInputsAreRefused() {
        assertThatThrownBy(() -> Leep.of(List.of(new float[2]), List.of(new float[3])))
                .hasMessageContaining("2 predictions for 3 labels");
        assertThatThrownBy(() -> Leep.of(List.of(), List.of()))
                .hasMessageContaining("at least one case");
    }
}
