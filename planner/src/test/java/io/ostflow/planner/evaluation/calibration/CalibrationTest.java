package io.ostflow.planner.evaluation.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.weights.EdgeWeighting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void bayesianOptimisationFindsAKnownOptimumInFiftyEvaluations() {
        // Peak at (0.3, -0.7) on [-1, 1]^2.
        BayesianOptimizer optimizer =
                new BayesianOptimizer(
                        new double[] {-1, -1}, new double[] {1, 1}, 50, new Random(1));
        BayesianOptimizer.Result result =
                optimizer.maximise(p -> -Math.pow(p[0] - 0.3, 2) - Math.pow(p[1] + 0.7, 2));
        assertThat(result.best()[0]).isCloseTo(0.3, within(0.05));
        assertThat(result.best()[1]).isCloseTo(-0.7, within(0.05));
        assertThat(result.points()).hasSize(50);
    }

    @Test
    void itBeatsRandomSearchOnTheSameBudget() {
        ToDoubleFunction<double[]> f =
                p -> -Math.pow(p[0] - 0.62, 2) - 3 * Math.pow(p[1] - 0.15, 2);
        double bo =
                new BayesianOptimizer(new double[] {0, 0}, new double[] {1, 1}, 30, new Random(2))
                        .maximise(f)
                        .value();
        Random random = new Random(2);
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 30; i++) {
            best =
                    Math.max(
                            best,
                            f.applyAsDouble(
                                    new double[] {random.nextDouble(), random.nextDouble()}));
        }
        assertThat(bo).isGreaterThan(best);
    }

    @Test
    void calibrationRecoversTheRatioThatMadeTheDice() {
        // Dice falls with the true cost 0.05 H - 2 R (per term): only the ratio alpha/beta matters.
        Random random = new Random(3);
        List<WeightCalibration.Observation> observations = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double[] h = {
                random.nextDouble() * 40, random.nextDouble() * 40, random.nextDouble() * 40
            };
            double[] r = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            double cost = 0;
            for (int t = 0; t < 3; t++) {
                cost += 0.05 * h[t] - 2 * r[t];
            }
            observations.add(new WeightCalibration.Observation(h, r, 0.9 - 0.05 * cost));
        }
        WeightCalibration.Calibrated calibrated =
                new WeightCalibration(50, 7).calibrate(observations);
        assertThat(calibrated.correlation()).isGreaterThan(0.99);
        assertThat(calibrated.alpha() / calibrated.beta()).isCloseTo(0.025, within(0.01));
        assertThat(calibrated.alpha()).isBetween(WeightCalibration.MIN, WeightCalibration.MAX);
    }

    @Test
    void pathsOfDifferentLengthsPayTheConstantPerTermAndTheRatioIsStillRecovered() {
        // Dice made by w = 0.05 H + 2 (1 - R) per term, c = beta, over paths of 2 and of 3 terms.
        // A fit that left the constant out of the cost would see the 3-term paths as cheaper than
        // they are and not reach this correlation.
        Random random = new Random(5);
        List<WeightCalibration.Observation> observations = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int terms = i % 2 == 0 ? 2 : 3;
            double[] h = new double[terms];
            double[] r = new double[terms];
            double cost = 0;
            for (int t = 0; t < terms; t++) {
                h[t] = random.nextDouble() * 40;
                r[t] = random.nextDouble();
                cost += 0.05 * h[t] + 2 * (1 - r[t]);
            }
            observations.add(new WeightCalibration.Observation(h, r, 0.95 - 0.05 * cost));
        }
        WeightCalibration.Calibrated calibrated =
                new WeightCalibration(50, 7).calibrate(observations);
        assertThat(calibrated.correlation()).isGreaterThan(0.99);
        assertThat(calibrated.alpha() / calibrated.beta()).isCloseTo(0.025, within(0.01));
        assertThat(WeightCalibration.correlation(observations, 0.05, 2)).isGreaterThan(0.999);
    }

    @Test
    void theCalibratedWeightsGiveNoPairANegativeWeight() {
        Random random = new Random(9);
        List<WeightCalibration.Observation> observations = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            double h = random.nextDouble() * 40;
            double r = random.nextDouble() * 2 - 1;
            observations.add(
                    new WeightCalibration.Observation(
                            new double[] {h}, new double[] {r}, 0.9 - 0.5 * r));
        }
        WeightCalibration.Calibrated calibrated =
                new WeightCalibration(30, 3).calibrate(observations);
        EdgeWeights weights =
                new EdgeWeights(
                        1,
                        calibrated.alpha(),
                        -calibrated.beta(),
                        calibrated.c(),
                        EdgeWeights.NONE,
                        Instant.EPOCH);
        EdgeWeighting.requireNonNegative(weights);
        for (int i = 0; i < 1000; i++) {
            double h = random.nextDouble() * 100;
            double r = random.nextDouble() * 2 - 1;
            assertThat(weights.alpha() * h + weights.beta() * r + weights.c())
                    .isGreaterThanOrEqualTo(0);
        }
        assertThat(weights.alpha() * 0 + weights.beta() * 1 + weights.c())
                .as("the least weight: H = 0, R = 1")
                .isCloseTo(0, within(1e-12));
    }

    @Test
    void theObjectiveRanksWithinTargetsWhereThePooledCorrelationIsWrong() {
        // Target A is easy and its paths expensive, B hard and its paths cheap: inside each target
        // Dice falls exactly with the cost, but pooled, cheap paths look bad.
        List<WeightCalibration.Observation> observations = new ArrayList<>();
        List<WeightCalibration.Observation> pooled = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            double hA = 30 + i;
            double hB = 5 + i;
            observations.add(one(hA, 0.9 - 0.02 * i, "A"));
            observations.add(one(hB, 0.3 - 0.02 * i, "B"));
            pooled.add(one(hA, 0.9 - 0.02 * i, ""));
            pooled.add(one(hB, 0.3 - 0.02 * i, ""));
        }

        assertThat(WeightCalibration.correlation(observations, 1, 0.001))
                .as("within targets: perfect")
                .isCloseTo(1, within(1e-9));
        assertThat(WeightCalibration.correlation(pooled, 1, 0.001))
                .as("pooled: the easy target's costly paths look best")
                .isLessThan(-0.5);
        WeightCalibration.Calibrated fit = new WeightCalibration(30, 4).calibrate(observations);
        assertThat(fit.correlation()).isGreaterThan(0.99);
        assertThat(fit.targets()).isEqualTo(2);
        assertThat(fit.predictive()).isTrue();
    }

    @Test
    void diceThatHAndRCannotPredictIsSaidSoWithItsNumbers() {
        Random random = new Random(11);
        List<WeightCalibration.Observation> observations = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            observations.add(
                    new WeightCalibration.Observation(
                            new double[] {random.nextDouble(), random.nextDouble()},
                            new double[] {random.nextDouble(), random.nextDouble()},
                            random.nextDouble(),
                            "T" + (i % 3)));
        }
        WeightCalibration.Calibrated fit = new WeightCalibration(30, 4).calibrate(observations);

        assertThat(fit.needed()).isCloseTo(WeightCalibration.needed(12 - 3 - 2), within(1e-12));
        assertThat(fit.predictive())
                .as("r %.3f, needed %.3f", fit.correlation(), fit.needed())
                .isFalse();
        assertThat(fit.whyNotPredictive())
                .contains("12 transfers of 3 targets")
                .contains(String.format(java.util.Locale.ROOT, "%.3f", fit.needed()));
    }

    @Test
    void theCriticalCorrelationIsTheFTestsOnTwoPredictorsAtFivePercent() {
        // F(0.95; 2, 10) = 4.1028 -> R^2 = 2F / (2F + 10) = 0.4507; F(0.95; 2, 30) = 3.3158 ->
        // 0.1811
        assertThat(WeightCalibration.needed(10)).isCloseTo(Math.sqrt(0.4507), within(0.001));
        assertThat(WeightCalibration.needed(30)).isCloseTo(Math.sqrt(0.1811), within(0.001));
        assertThat(WeightCalibration.needed(0)).isEqualTo(1);
    }

    private static WeightCalibration.Observation one(double h, double dice, String target) {
        return new WeightCalibration.Observation(
                new double[] {h}, new double[] {0.5}, dice, target);
    }

    @Test
    void tooFewResultsAreRefused() {
        assertThatThrownBy(() -> new WeightCalibration(50, 1).calibrate(List.of()))
                .hasMessageContaining("at least 3");
    }
}
