package io.ostflow.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.ostflow.trainer.data.CaseVolume;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fine-tuning with a frozen encoder, through the model's own training loop: every encoder parameter
 * (convolutions and InstanceNorm scales) is bit-identical afterwards, the network keeps no running
 * statistics that could move, and the decoder has changed.
 */
class FrozenEncoderTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void aFrozenEncoderDoesNotMoveAndTheDecoderDoes(int dimensions) {
        TrainingSettings base =
                TrainingSettings.quick().toBuilder().levels(3).baseChannels(8).seed(3).build();
        TrainingSettings settings =
                dimensions == 2
                        ? base.toBuilder().patch(16, 16).build()
                        : base.in3d().toBuilder().patch(8, 8, 8).build();
        List<CaseVolume> source = List.of(randomCase(1, 0)), target = List.of(randomCase(2, 0.3f));
        try (SegmentationModel model = new SegmentationModel(settings, Device.cpu())) {
            UNet net = model.network();
            model.train(source, List.of(), 5, false, 1, r -> {});

            Map<String, float[]> encoderBefore = snapshot(net.encoders());
            Map<String, float[]> decoderBefore = snapshot(net.decoder());
            // InstanceNorm: a learnt scale and shift per channel, no running statistics.
            assertThat(encoderBefore.keySet()).anyMatch(k -> k.endsWith("gamma"));
            assertThat(net.getParameters().values())
                    .noneMatch(
                            p ->
                                    p.getType() == Parameter.Type.RUNNING_MEAN
                                            || p.getType() == Parameter.Type.RUNNING_VAR);

            model.train(target, List.of(), 5, true, 2, r -> {});

            assertThat(changed(encoderBefore, snapshot(net.encoders())))
                    .as("encoder parameters that moved")
                    .isEmpty();
            assertThat(changed(decoderBefore, snapshot(net.decoder())))
                    .as("decoder parameters that moved")
                    .isNotEmpty();
        }
    }

    /**
     * 20 x 18 x 10 voxels of noise, a block of objective in the middle; shifted by {@code bias}.
     */
    private static CaseVolume randomCase(long seed, float bias) {
        Random random = new Random(seed);
        int[] shape = {20, 18, 10};
        float[] image = new float[20 * 18 * 10];
        float[] mask = new float[image.length];
        for (int z = 0, i = 0; z < 10; z++) {
            for (int y = 0; y < 18; y++) {
                for (int x = 0; x < 20; x++, i++) {
                    mask[i] = x > 6 && x < 14 && y > 5 && y < 12 && z > 2 && z < 7 ? 1 : 0;
                    image[i] = (float) random.nextGaussian() * 0.5f + mask[i] + bias;
                }
            }
        }
        return new CaseVolume("c" + seed, shape, image, mask);
    }

    /** Names of the parameters whose values differ in any bit. */
    private static List<String> changed(Map<String, float[]> before, Map<String, float[]> after) {
        assertThat(after.keySet()).isEqualTo(before.keySet());
        return before.keySet().stream()
                .filter(k -> !Arrays.equals(before.get(k), after.get(k)))
                .sorted()
                .toList();
    }

    private static Map<String, float[]> snapshot(List<Block> blocks) {
        Map<String, float[]> values = new HashMap<>();
        int b = 0;
        for (Block block : blocks) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                float[] v = p.getValue().getArray().toFloatArray();
                for (float f : v) {
                    assertThat(f).as("parameter %s of block %d", p.getKey(), b).isFinite();
                }
                values.put(b + "/" + p.getKey(), v);
            }
            b++;
        }
        return values;
    }
}
