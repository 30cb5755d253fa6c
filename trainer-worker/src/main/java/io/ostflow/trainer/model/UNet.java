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
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A U-Net in the nnU-Net style (Ronneberger et al. 2015; Çiçek et al. 2016 for 3-D; Isensee et al.
 * 2021), 2-D for slices or 3-D for patches: per level two conv3-InstanceNorm-LeakyReLU(0.01)
 * blocks, max-pooling down, nearest-neighbour upsampling followed by a conv up (the PyTorch engine
 * has no transposed convolution), skip connections by concatenation, and a 1-wide conv to one logit
 * per voxel. Input (N, 1, [Z,] Y, X) with every spatial size divisible by 2^(levels-1).
 *
 * <p>With deep supervision, training also returns one logit map per lower decoder level (half,
 * quarter, ... resolution), after the full-resolution one; inference returns only the latter.
 *
 * <p>The encoder (every down level, bottleneck included) can be frozen for fine-tuning: its
 * parameters stop receiving gradients and it runs in inference mode. InstanceNorm keeps no running
 * statistics, so nothing else can move.
 */
public final class UNet extends AbstractBlock {
    /** Parameters that take gradients (running statistics, should a block keep any, never do). */
    public static final Predicate<Parameter> LEARNABLE =
            p ->
                    p.getType() != Parameter.Type.RUNNING_MEAN
                            && p.getType() != Parameter.Type.RUNNING_VAR;

    private final int levels;
    private final int dimensions;
    private final List<Block> encoders = new ArrayList<>();
    private final List<Block> upConvs = new ArrayList<>();
    private final List<Block> decoders = new ArrayList<>();
    private final List<Block> auxiliaryHeads = new ArrayList<>();
    private final Block head;
    private final boolean deepSupervision;
    private boolean encoderFrozen;

    /**
     * @param dimensions 2 (slices) or 3 (patches)
     * @param levels resolution levels (3: two poolings)
     * @param baseChannels channels of the first level, doubled at each level down
     */
    public UNet(int dimensions, int levels, int baseChannels) {
        this(dimensions, levels, baseChannels, false);
    }

    /**
     * @param deepSupervision also output logits at every decoder level but the top while training
     */
    public UNet(int dimensions, int levels, int baseChannels, boolean deepSupervision) {
        if (dimensions != 2 && dimensions != 3) {
            throw new IllegalArgumentException("dimensions must be 2 or 3, was " + dimensions);
        }
        if (levels < 2 || baseChannels < 1) {
            throw new IllegalArgumentException("levels >= 2 and baseChannels >= 1 are required");
        }
        this.dimensions = dimensions;
        this.levels = levels;
        for (int l = 0; l < levels; l++) {
            encoders.add(addChildBlock("encoder" + l, convBlock(baseChannels << l)));
        }
        for (int l = 0; l < levels - 1; l++) {
            upConvs.add(addChildBlock("up" + l, conv(baseChannels << l, 3)));
            decoders.add(addChildBlock("decoder" + l, convBlock(baseChannels << l)));
        }
        head = addChildBlock("head", conv(1, 1));
        this.deepSupervision = deepSupervision;
        if (deepSupervision) {
            for (int l = 1; l < levels - 1; l++) {
                auxiliaryHeads.add(addChildBlock("head" + l, conv(1, 1)));
            }
        }
    }

    /** Freezes or unfreezes the encoder (parameters and normalisation statistics). */
    public void freezeEncoder(boolean frozen) {
        encoderFrozen = frozen;
        for (Block encoder : encoders) {
            encoder.freezeParameters(frozen, LEARNABLE);
        }
    }

    /**
     * Draws the output heads' parameters afresh from their initialisers, in place (for a stage
     * whose objective differs from the one the heads were trained for). The caller seeds the
     * engine.
     */
    void resetHeads(NDManager manager) {
        List<Block> heads = new ArrayList<>(auxiliaryHeads);
        heads.add(0, head);
        for (Block block : heads) {
            for (Parameter parameter : block.getParameters().values()) {
                try (NDArray fresh =
                        parameter
                                .getInitializer()
                                .initialize(manager, parameter.getShape(), DataType.FLOAT32)) {
                    parameter.getArray().set(FloatBuffer.wrap(fresh.toFloatArray()));
                }
            }
        }
    }

    /** The number of learnable parameters a stage trains, without the encoder's when frozen. */
    public long trainedParameters(boolean encoderFrozen) {
        long all = count(getParameters());
        if (!encoderFrozen) {
            return all;
        }
        long encoder = 0;
        for (Block block : encoders) {
            encoder += count(block.getParameters());
        }
        return all - encoder;
    }

    private static long count(PairList<String, Parameter> parameters) {
        long n = 0;
        for (Parameter p : parameters.values()) {
            if (LEARNABLE.test(p) && p.getShape() != null) {
                n += p.getShape().size();
            }
        }
        return n;
    }

    public int dimensions() {
        return dimensions;
    }

    public boolean isEncoderFrozen() {
        return encoderFrozen;
    }

    /** The encoder blocks, for tests and inspection. */
    public List<Block> encoders() {
        return List.copyOf(encoders);
    }

    /** The decoder blocks (up convolutions, decoder levels and heads). */
    public List<Block> decoder() {
        List<Block> all = new ArrayList<>(upConvs);
        all.addAll(decoders);
        all.add(head);
        all.addAll(auxiliaryHeads);
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
                x = downsample(x);
            }
        }
        NDList auxiliary = new NDList();
        for (int l = levels - 2; l >= 0; l--) {
            x = upsample(x);
            x = upConvs.get(l).forward(store, new NDList(x), training, params).singletonOrThrow();
            x = NDArrays.concat(new NDList(x, skips.get(l)), 1);
            x = decoders.get(l).forward(store, new NDList(x), training, params).singletonOrThrow();
            if (training && deepSupervision && l > 0) {
                auxiliary.add(
                        0,
                        auxiliaryHeads
                                .get(l - 1)
                                .forward(store, new NDList(x), true, params)
                                .singletonOrThrow());
            }
        }
        NDList out = head.forward(store, new NDList(x), training, params);
        out.addAll(auxiliary);
        return out;
    }

    private NDArray downsample(NDArray x) {
        return dimensions == 2
                ? Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false)
                : Pool.maxPool3d(
                        x, new Shape(2, 2, 2), new Shape(2, 2, 2), new Shape(0, 0, 0), false);
    }

    /** Nearest-neighbour upsampling by 2 along every spatial axis. */
    private NDArray upsample(NDArray x) {
        for (int axis = 2; axis < 2 + dimensions; axis++) {
            x = x.repeat(axis, 2);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long[] out = in.getShape().clone();
        out[1] = 1;
        return new Shape[] {new Shape(out)};
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
                x = scaled(x, x.get(1), 0.5);
            }
        }
        for (int l = levels - 2; l >= 0; l--) {
            Shape up = initialize(upConvs.get(l), manager, dataType, scaled(x, x.get(1), 2));
            x =
                    initialize(
                            decoders.get(l),
                            manager,
                            dataType,
                            scaled(up, up.get(1) + skips[l].get(1), 1));
            if (deepSupervision && l > 0) {
                initialize(auxiliaryHeads.get(l - 1), manager, dataType, x);
            }
        }
        initialize(head, manager, dataType, x);
    }

    /** The shape with {@code channels} channels and every spatial size times {@code factor}. */
    private static Shape scaled(Shape shape, long channels, double factor) {
        long[] s = shape.getShape().clone();
        s[1] = channels;
        for (int axis = 2; axis < s.length; axis++) {
            s[axis] = (long) (s[axis] * factor);
        }
        return new Shape(s);
    }

    private static Shape initialize(
            Block block, NDManager manager, DataType dataType, Shape input) {
        block.initialize(manager, dataType, input);
        return block.getOutputShapes(new Shape[] {input})[0];
    }

    private Block convBlock(int channels) {
        return new SequentialBlock()
                .add(conv(channels, 3))
                .add(new InstanceNorm())
                .add(Activation.leakyReluBlock(0.01f))
                .add(conv(channels, 3))
                .add(new InstanceNorm())
                .add(Activation.leakyReluBlock(0.01f));
    }

    private Block conv(int channels, int kernel) {
        if (dimensions == 2) {
            return Conv2d.builder()
                    .setKernelShape(new Shape(kernel, kernel))
                    .optPadding(new Shape(kernel / 2, kernel / 2))
                    .setFilters(channels)
                    .build();
        }
        return Conv3d.builder()
                .setKernelShape(new Shape(kernel, kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2, kernel / 2))
                .setFilters(channels)
                .build();
    }
}
