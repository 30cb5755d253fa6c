package io.ostflow.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A 2-D U-Net in the nnU-Net style (Ronneberger et al. 2015; Isensee et al. 2021): per level two
 * conv3x3-BatchNorm-LeakyReLU blocks, max-pooling down, nearest-neighbour upsampling followed by a
 * conv up (the PyTorch engine has no transposed convolution), skip connections by concatenation,
 * and a 1x1 conv to one logit per pixel. Input (N, 1, S, S) with S divisible by 2^(levels-1).
 *
 * <p>The encoder (every down level, bottleneck included) can be frozen for fine-tuning: its
 * parameters stop receiving gradients and it runs in inference mode, so its BatchNorm running
 * statistics do not move either.
 */
public final class UNet2d extends AbstractBlock {
    /** Parameters that take gradients; BatchNorm running statistics never do. */
    public static final java.util.function.Predicate<Parameter> LEARNABLE =
            p ->
                    p.getType() != Parameter.Type.RUNNING_MEAN
                            && p.getType() != Parameter.Type.RUNNING_VAR;

    private final int levels;
    private final List<Block> encoders = new ArrayList<>();
    private final List<Block> upConvs = new ArrayList<>();
    private final List<Block> decoders = new ArrayList<>();
    private final Block head;
    private boolean encoderFrozen;

    /**
     * @param levels resolution levels (3: two poolings)
     * @param baseChannels channels of the first level, doubled at each level down
     */
    public UNet2d(int levels, int baseChannels) {
        if (levels < 2 || baseChannels < 1) {
            throw new IllegalArgumentException("levels >= 2 and baseChannels >= 1 are required");
        }
        this.levels = levels;
        for (int l = 0; l < levels; l++) {
            encoders.add(addChildBlock("encoder" + l, convBlock(baseChannels << l)));
        }
        for (int l = 0; l < levels - 1; l++) {
            upConvs.add(addChildBlock("up" + l, conv(baseChannels << l, 3)));
            decoders.add(addChildBlock("decoder" + l, convBlock(baseChannels << l)));
        }
        head = addChildBlock("head", conv(1, 1));
    }

    /** Freezes or unfreezes the encoder (parameters and normalisation statistics). */
    public void freezeEncoder(boolean frozen) {
        encoderFrozen = frozen;
        for (Block encoder : encoders) {
            // Running statistics never take gradients; only learnable parameters are (un)frozen.
            encoder.freezeParameters(
                    frozen,
                    p ->
                            p.getType() != Parameter.Type.RUNNING_MEAN
                                    && p.getType() != Parameter.Type.RUNNING_VAR);
        }
    }

    public boolean isEncoderFrozen() {
        return encoderFrozen;
    }

    /** The encoder blocks, for tests and inspection. */
    public List<Block> encoders() {
        return List.copyOf(encoders);
    }

    /** The decoder blocks (up convolutions, decoder levels and head). */
    public List<Block> decoder() {
        List<Block> all = new ArrayList<>(upConvs);
        all.addAll(decoders);
        all.add(head);
        return all;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        boolean encoderTraining = training && !encoderFrozen;
        List<NDArray> skips = new ArrayList<>();
        for (int l = 0; l < levels; l++) {
            x =
                    encoders.get(l)
                            .forward(store, new NDList(x), encoderTraining, params)
                            .singletonOrThrow();
            skips.add(x);
            if (l < levels - 1) {
                x = Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            }
        }
        for (int l = levels - 2; l >= 0; l--) {
            x = x.repeat(2, 2).repeat(3, 2);
            x = upConvs.get(l).forward(store, new NDList(x), training, params).singletonOrThrow();
            x = NDArrays.concat(new NDList(x, skips.get(l)), 1);
            x = decoders.get(l).forward(store, new NDList(x), training, params).singletonOrThrow();
        }
        return head.forward(store, new NDList(x), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), 1, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape[] skips = new Shape[levels];
        for (int l = 0; l < levels; l++) {
            x = initialize(encoders.get(l), manager, dataType, x);
            skips[l] = x;
            if (l < levels - 1) {
                x = new Shape(x.get(0), x.get(1), x.get(2) / 2, x.get(3) / 2);
            }
        }
        for (int l = levels - 2; l >= 0; l--) {
            Shape up =
                    initialize(
                            upConvs.get(l),
                            manager,
                            dataType,
                            new Shape(x.get(0), x.get(1), x.get(2) * 2, x.get(3) * 2));
            x =
                    initialize(
                            decoders.get(l),
                            manager,
                            dataType,
                            new Shape(
                                    up.get(0), up.get(1) + skips[l].get(1), up.get(2), up.get(3)));
        }
        initialize(head, manager, dataType, x);
    }

    private static Shape initialize(
            Block block, NDManager manager, DataType dataType, Shape input) {
        block.initialize(manager, dataType, input);
        return block.getOutputShapes(new Shape[] {input})[0];
    }

    private static Block convBlock(int channels) {
        return new SequentialBlock()
                .add(conv(channels, 3))
                .add(BatchNorm.builder().build())
                .add(Activation.leakyReluBlock(0.01f))
                .add(conv(channels, 3))
                .add(BatchNorm.builder().build())
                .add(Activation.leakyReluBlock(0.01f));
    }

    private static Block conv(int channels, int kernel) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(channels)
                .build();
    }
}
