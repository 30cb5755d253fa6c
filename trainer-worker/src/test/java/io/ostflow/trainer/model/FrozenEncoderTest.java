package io.ostflow.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fine-tuning with a frozen encoder: every encoder parameter (convolutions and InstanceNorm scales)
 * is bit-identical afterwards, the network keeps no running statistics that could move, and the
 * decoder has changed.
 */
class FrozenEncoderTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void aFrozenEncoderDoesNotMoveAndTheDecoderDoes(int dimensions) {
        UNet net = new UNet(dimensions, 3, 4);
        Shape shape = dimensions == 2 ? new Shape(2, 1, 16, 16) : new Shape(2, 1, 8, 8, 8);
        try (Model model = Model.newInstance("unet");
                NDManager data = NDManager.newBaseManager()) {
            model.setBlock(net);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(new DiceBceLoss())
                            .optOptimizer(
                                    Optimizer.adam()
                                            .optLearningRateTracker(Tracker.fixed(0.01f))
                                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(shape);
                NDArray x = data.randomNormal(shape);
                NDArray y =
                        data.randomUniform(0, 1, shape)
                                .gt(0.7)
                                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                step(trainer, x, y, 3);

                Map<String, float[]> encoderBefore = snapshot(net.encoders());
                Map<String, float[]> decoderBefore = snapshot(net.decoder());
                // InstanceNorm: a learnt scale and shift per channel, no running statistics.
                assertThat(encoderBefore.keySet()).anyMatch(k -> k.endsWith("gamma"));
                assertThat(net.getParameters().values())
                        .noneMatch(
                                p ->
                                        p.getType() == Parameter.Type.RUNNING_MEAN
                                                || p.getType() == Parameter.Type.RUNNING_VAR);

                net.freezeEncoder(true);
                step(trainer, x.mul(1.5).add(0.3), y, 3);

                assertThat(changed(encoderBefore, snapshot(net.encoders())))
                        .as("encoder parameters that moved")
                        .isEmpty();
                assertThat(changed(decoderBefore, snapshot(net.decoder())))
                        .as("decoder parameters that moved")
                        .isNotEmpty();
            }
        }
    }

    private static void step(Trainer trainer, NDArray x, NDArray y, int steps) {
        for (int i = 0; i < steps; i++) {
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList prediction = trainer.forward(new NDList(x));
                NDArray loss = trainer.getLoss().evaluate(new NDList(y), prediction);
                collector.backward(loss);
            }
            trainer.step();
        }
    }

    /** Names of the parameters whose values differ in any bit. */
    private static List<String> changed(Map<String, float[]> before, Map<String, float[]> after) {
        assertThat(after.keySet()).isEqualTo(before.keySet());
        return before.keySet().stream()
                .filter(k -> !java.util.Arrays.equals(before.get(k), after.get(k)))
                .sorted()
                .toList();
    }

    private static Map<String, float[]> snapshot(List<Block> blocks) {
        Map<String, float[]> values = new HashMap<>();
        int b = 0;
        for (Block block : blocks) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                values.put(b + "/" + p.getKey(), p.getValue().getArray().toFloatArray());
            }
            b++;
        }
        return values;
    }
}
