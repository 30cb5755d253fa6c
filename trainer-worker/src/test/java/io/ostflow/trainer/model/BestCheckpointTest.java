package io.ostflow.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.ostflow.trainer.data.CaseVolume;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Validation inside a stage: the incoming weights are validated at step 0, the best checkpoint is
 * kept (a stage that only makes things worse ends where it started), and validating in the middle
 * of a frozen-encoder stage leaves the encoder frozen.
 */
class BestCheckpointTest {
    private static final TrainingSettings SETTINGS =
            TrainingSettings.quick().toBuilder()
                    .patch(16, 16)
                    .levels(3)
                    .baseChannels(8)
                    .reportEvery(10)
                    .seed(5)
                    .build();

    @Test
    void aStageWhoseValidationFallsKeepsItsIncomingWeights() {
        List<CaseVolume> labelled = List.of(block(1, true), block(2, true));
        List<CaseVolume> validation = List.of(block(3, true));
        // the same images with the objective erased: training on them unlearns it
        List<CaseVolume> erased = List.of(block(1, false), block(2, false));
        try (SegmentationModel model = new SegmentationModel(SETTINGS, Device.cpu())) {
            StageOutcome learnt = model.train(labelled, validation, 60, false, 1, r -> {});
            assertThat(learnt.bestStep()).as("a stage that learns keeps a later step").isPositive();
            assertThat(learnt.validationDice()).hasSize(1 + 6);
            assertThat(learnt.reportSteps()).containsExactly(10, 20, 30, 40, 50, 60);
            // the premise of the second stage: there is something to unlearn
            assertThat(learnt.bestValidationDice()).isGreaterThan(0.3);
            byte[] incoming = model.save();

            StageOutcome unlearnt = model.train(erased, validation, 60, false, 2, r -> {});

            assertThat(unlearnt.incomingDice()).isEqualTo(learnt.bestValidationDice());
            assertThat(unlearnt.validationDice().subList(1, unlearnt.validationDice().size()))
                    .as("validation fell while training on erased labels")
                    .anyMatch(d -> d < unlearnt.incomingDice());
            assertThat(unlearnt.bestStep()).isZero();
            assertThat(unlearnt.bestValidationDice()).isEqualTo(unlearnt.incomingDice());
            assertThat(model.save()).as("the incoming weights, bit for bit").isEqualTo(incoming);
        }
    }

    @Test
    void aFreshNetworksRandomWeightsAreNeverKeptAndTiesGoToTheLaterStep() {
        // the objective erased: nothing to learn, every trained step validates at 0 or near it
        List<CaseVolume> erased = List.of(block(1, false), block(2, false));
        try (SegmentationModel model = new SegmentationModel(SETTINGS, Device.cpu())) {
            byte[] random = model.save();

            StageOutcome outcome =
                    model.train(erased, List.of(block(3, true)), 30, false, 1, r -> {});

            assertThat(outcome.incomingDice())
                    .as("chance overlap of the random network")
                    .isNotNull();
            assertThat(outcome.bestStep()).isPositive();
            assertThat(model.save()).isNotEqualTo(random);
        }
    }

    @Test
    void validatingDuringAFrozenStageKeepsTheEncoderFrozen() {
        try (SegmentationModel model = new SegmentationModel(SETTINGS, Device.cpu())) {
            model.train(List.of(block(1, true)), List.of(), 10, false, 1, r -> {});
            List<float[]> before = encoder(model.network());

            StageOutcome outcome =
                    model.train(
                            List.of(block(2, true)), List.of(block(3, true)), 30, true, 2, r -> {});

            assertThat(outcome.validationDice()).hasSize(4);
            List<float[]> after = encoder(model.network());
            for (int i = 0; i < before.size(); i++) {
                assertThat(after.get(i)).as("encoder parameter %d", i).isEqualTo(before.get(i));
            }
        }
    }

    @Test
    void aNewHeadIsDrawnAfreshAndNothingElseMoves() {
        try (SegmentationModel model = new SegmentationModel(SETTINGS, Device.cpu())) {
            model.train(List.of(block(1, true)), List.of(), 10, false, 1, r -> {});
            List<float[]> encoder = encoder(model.network());
            List<float[]> head = values(List.of(head(model.network())));

            model.resetHead(99);

            assertThat(encoder(model.network())).usingRecursiveComparison().isEqualTo(encoder);
            List<float[]> drawn = values(List.of(head(model.network())));
            assertThat(drawn.get(0)).isNotEqualTo(head.get(0));
        }
    }

    private static Block head(UNet net) {
        List<Block> decoder = net.decoder();
        return decoder.get(decoder.size() - 1);
    }

    private static List<float[]> encoder(UNet net) {
        return values(net.encoders());
    }

    private static List<float[]> values(List<Block> blocks) {
        List<float[]> values = new ArrayList<>();
        for (Block block : blocks) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                values.add(p.getValue().getArray().toFloatArray());
            }
        }
        return values;
    }

    /** 24 x 20 x 8 voxels of noise with a bright block of objective, or none marked. */
    private static CaseVolume block(long seed, boolean marked) {
        Random random = new Random(seed);
        int[] shape = {24, 20, 8};
        float[] image = new float[24 * 20 * 8];
        float[] mask = new float[image.length];
        for (int z = 0, i = 0; z < 8; z++) {
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < 24; x++, i++) {
                    boolean inside = x > 6 && x < 15 && y > 5 && y < 13;
                    image[i] = (float) random.nextGaussian() * 0.5f + (inside ? 1.5f : 0);
                    mask[i] = inside && marked ? 1 : 0;
                }
            }
        }
        return new CaseVolume("c" + seed, shape, image, mask);
    }
}
