package io.ostflow.trainer.model;

import static io.ostflow.common.events.TransferabilityScore.BALANCED_LEEP;
import static io.ostflow.common.events.TransferabilityScore.EEP_DICE;
import static io.ostflow.common.events.TransferabilityScore.LEEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ostflow.common.events.TransferabilityScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransferabilityScoresTest {
    private static final float LN3 = (float) Math.log(3);

    @Test
    void leepIsTheReferenceLeepAndTheDiceIsTheExpectedPredictorsSoftDice() {
        // LeepTest's example: P(1 | z) = 0.375, 0.625, so the expected predictor's foreground
        // probabilities are 0.5, 0.5, 0.5625, 0.4375 on labels 0, 1, 1, 0:
        // soft Dice 2 (0.5 + 0.5625) / (2 + 2)
        Map<TransferabilityScore, Double> scores =
                TransferabilityScores.of(
                        List.of(new float[] {0, 0}, new float[] {LN3, -LN3}),
                        List.of(new float[] {0, 1}, new float[] {1, 0}));
        assertThat(scores.get(LEEP))
                .isCloseTo((Math.log(0.5) + Math.log(0.5625)) / 2, within(1e-6));
        assertThat(scores.get(EEP_DICE)).isCloseTo(2 * 1.0625 / 4, within(1e-6));
        // both classes hold two voxels: balancing changes nothing
        assertThat(scores.get(BALANCED_LEEP)).isCloseTo(scores.get(LEEP), within(1e-9));
    }

    @Test
    void balancedLeepIsLeepOnAClassBalancedSampleOfTheVoxels() {
        // 5 foreground voxels among 40: repeating each foreground voxel 7 times balances them
        Random random = new Random(7);
        float[] logits = new float[40];
        float[] labels = new float[40];
        for (int i = 0; i < logits.length; i++) {
            labels[i] = i % 8 == 0 ? 1 : 0;
            logits[i] = (float) (random.nextGaussian() + (labels[i] > 0 ? 1.5 : -0.5));
        }
        List<Float> balancedLogits = new ArrayList<>();
        List<Float> balancedLabels = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            for (int r = 0; r < (labels[i] > 0 ? 7 : 1); r++) {
                balancedLogits.add(logits[i]);
                balancedLabels.add(labels[i]);
            }
        }
        double expected = Leep.of(List.of(floats(balancedLogits)), List.of(floats(balancedLabels)));

        Map<TransferabilityScore, Double> scores =
                TransferabilityScores.of(List.of(logits), List.of(labels));

        assertThat(scores.get(BALANCED_LEEP)).isCloseTo(expected, within(1e-9));
        assertThat(scores.get(BALANCED_LEEP)).isNotCloseTo(scores.get(LEEP), within(1e-3));
    }

    @Test
    void aSmallObjectMovesTheBalancedScoresWhereLeepBarelyMoves() {
        // 1 % foreground: a source that finds it against one that sees nothing
        int n = 2000;
        float[] labels = new float[n];
        float[] finds = new float[n];
        float[] blind = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 100 == 0 ? 1 : 0;
            finds[i] = labels[i] > 0 ? 4 : -4;
            blind[i] = -4;
        }
        Map<TransferabilityScore, Double> good =
                TransferabilityScores.of(List.of(finds), List.of(labels));
        Map<TransferabilityScore, Double> bad =
                TransferabilityScores.of(List.of(blind), List.of(labels));

        double leepGap = good.get(LEEP) - bad.get(LEEP);
        double balancedGap = good.get(BALANCED_LEEP) - bad.get(BALANCED_LEEP);
        assertThat(leepGap).isPositive();
        assertThat(balancedGap).isGreaterThan(10 * leepGap);
        // the expected predictor is calibrated to the 1 % prior (P(1 | z = 1) is about 0.36 here),
        // so even a perfect separator's soft Dice stays far below 1; it still ranks them apart
        assertThat(good.get(EEP_DICE)).isGreaterThan(0.3);
        assertThat(bad.get(EEP_DICE)).isLessThan(0.05);
    }

    @Test
    void withoutForegroundOnlyLeepIsDefined() {
        Map<TransferabilityScore, Double> scores =
                TransferabilityScores.of(List.of(new float[] {1, -1}), List.of(new float[2]));
        assertThat(scores).containsOnlyKeys(LEEP);
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
