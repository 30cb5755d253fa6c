package io.ostflow.planner.evaluation.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Held-out calibration on synthetic audits whose Dice follows known weights. */
class CrossValidationTest {
    private static final double ALPHA = 0.2;
    private static final double BETA = 3.0;

    /**
     * Six two-term paths per target with random H and R; Dice falls with the true cost. The plan
     * chose by H alone (the authors' weights make H dominate), here the path of least total H.
     */
    private static CrossValidation.Target target(String id, String site, Random random) {
        List<CrossValidation.TrainedPath> paths = new ArrayList<>();
        String byH = null;
        double leastH = Double.POSITIVE_INFINITY;
        for (int p = 0; p < 6; p++) {
            double[] h = {
                random.nextDouble() * 4, random.nextDouble() * 4, random.nextDouble() * 4
            };
            double[] r = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            WeightCalibration.Observation shape = new WeightCalibration.Observation(h, r, 0);
            double dice = 1 / (1 + CrossValidation.cost(shape, ALPHA, BETA));
            String key = "sequential:" + id + "-p" + p;
            paths.add(
                    new CrossValidation.TrainedPath(
                            key, new WeightCalibration.Observation(h, r, dice, id)));
            double sumH = h[0] + h[1] + h[2];
            if (sumH < leastH) {
                leastH = sumH;
                byH = key;
            }
        }
        return new CrossValidation.Target(id, site, byH, paths);
    }

    @Test
    void weightsFittedOnOtherSitesChooseTheBestPathOfAHeldOutSite() {
        Random random = new Random(11);
        List<CrossValidation.Target> targets = new ArrayList<>();
        for (String site : List.of("05", "06", "07")) {
            for (int t = 0; t < 3; t++) {
                targets.add(target(site + "-T1-X" + t, site, random));
            }
        }
        CrossValidation.Result result =
                new CrossValidation(new WeightCalibration(60, 42)).run(targets);

        assertThat(result.foldsBy()).isEqualTo("site");
        assertThat(result.folds())
                .extracting(CrossValidation.Fold::heldOut)
                .containsExactly("05", "06", "07");
        assertThat(result.folds()).allSatisfy(f -> assertThat(f.observations()).isEqualTo(36));
        assertThat(result.targets()).hasSize(9);
        // Dice is a monotone function of the true cost: the fitted weights rank nearly as it does
        assertThat(result.meanRegretAfter()).isLessThan(0.02);
        assertThat(result.meanRegretBefore()).isGreaterThan(result.meanRegretAfter() + 0.02);
        assertThat(result.targets())
                .allSatisfy(t -> assertThat(t.regretBefore()).isGreaterThanOrEqualTo(0));
    }

    @Test
    void withOneSiteTheFoldsAreTargetsAndAFoldTooSmallToFitIsSaid() {
        Random random = new Random(3);
        List<CrossValidation.Target> one =
                List.of(target("05-T1-A", "05", random), target("05-T1-B", "05", random));
        CrossValidation.Result result = new CrossValidation(new WeightCalibration(30, 1)).run(one);
        assertThat(result.foldsBy()).isEqualTo("target");
        assertThat(result.folds()).hasSize(2);

        List<CrossValidation.Target> tiny =
                List.of(
                        new CrossValidation.Target(
                                "05-T1-A", "05", "k", List.of(one.get(0).paths().get(0))),
                        new CrossValidation.Target(
                                "06-T1-A", "06", "k", List.of(one.get(1).paths().get(0))));
        CrossValidation.Result skipped =
                new CrossValidation(new WeightCalibration(30, 1)).run(tiny);
        assertThat(skipped.folds())
                .allSatisfy(f -> assertThat(f.skipped()).contains("fewer than 3"));
        assertThat(skipped.targets()).allSatisfy(t -> assertThat(t.regretAfter()).isNull());
        assertThat(skipped.meanRegretAfter()).isNull();
        assertThat(
                        CrossValidation.cost(
                                new WeightCalibration.Observation(
                                        new double[] {2}, new double[] {0.5}, 0),
                                1,
                                4))
                .isCloseTo(4.0, within(1e-12));
    }

    @Test
    void aFitThatCannotPredictKeepsTheOstPathAndRegretIsAgainstTheValidatedBest() {
        Random random = new Random(5);
        List<CrossValidation.Target> targets = new ArrayList<>();
        for (String site : List.of("05", "06", "07")) {
            String id = site + "-T1-X";
            List<CrossValidation.TrainedPath> paths = new ArrayList<>();
            for (int p = 0; p < 5; p++) {
                double dice = random.nextDouble(); // nothing to do with H and R
                // the validation cases disagree with the held-out ones on the last path
                Double validation = p == 4 ? 0.0 : dice;
                paths.add(
                        new CrossValidation.TrainedPath(
                                "sequential:" + id + "-p" + p,
                                io.ostflow.common.events.JobKind.SEQUENTIAL,
                                new WeightCalibration.Observation(
                                        new double[] {random.nextDouble(), random.nextDouble()},
                                        new double[] {random.nextDouble(), random.nextDouble()},
                                        dice,
                                        id),
                                validation));
            }
            paths.add(
                    new CrossValidation.TrainedPath(
                            "direct:" + id,
                            io.ostflow.common.events.JobKind.DIRECT,
                            new WeightCalibration.Observation(
                                    new double[] {random.nextDouble()},
                                    new double[] {random.nextDouble()},
                                    random.nextDouble(),
                                    id),
                            1.0));
            targets.add(new CrossValidation.Target(id, site, "sequential:" + id + "-p0", paths));
        }

        CrossValidation.Result result =
                new CrossValidation(new WeightCalibration(30, 2)).run(targets);

        assertThat(result.folds())
                .allSatisfy(
                        f -> {
                            assertThat(f.observations()).as("directs fitted on too").isEqualTo(12);
                            assertThat(f.predictive()).isFalse();
                            assertThat(f.correlation()).isLessThanOrEqualTo(f.needed());
                        });
        assertThat(result.targets())
                .allSatisfy(
                        t -> {
                            assertThat(t.calibratedChoice()).isEqualTo(t.ostPath());
                            assertThat(t.regretAfter()).isEqualTo(t.regretBefore());
                        });
        for (CrossValidation.TargetResult t : result.targets()) {
            CrossValidation.Target in =
                    targets.stream().filter(x -> x.target().equals(t.target())).findFirst().get();
            double validatedBest =
                    in.paths().stream()
                            .filter(p -> p.kind() == io.ostflow.common.events.JobKind.SEQUENTIAL)
                            .max(
                                    java.util.Comparator.comparing(
                                            CrossValidation.TrainedPath::validationDice))
                            .get()
                            .observation()
                            .dice();
            assertThat(t.best())
                    .as("chosen on validation, never on held-out")
                    .isEqualTo(validatedBest);
        }
    }
}
