package io.ostflow.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Instance normalisation (Ulyanov et al. 2016), nnU-Net's choice: every channel of every sample is
 * normalised over its own spatial axes, then scaled and shifted by a learnt per-channel gamma and
 * beta. Unlike BatchNorm it keeps no running statistics, so a frozen encoder carries nothing of the
 * source domain's intensity statistics into the target, and training and inference compute the same
 * thing. DJL has no such block; this one works on 4-D and 5-D inputs.
 */
public final class InstanceNorm extends AbstractBlock {
    private static final float EPSILON = 1e-5f;

    private final Parameter gamma;
    private final Parameter beta;

    public InstanceNorm() {
        gamma =
                addParameter(
                        Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta =
                addParameter(
                        Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long channels = inputShapes[0].get(1);
        gamma.setShape(new Shape(channels));
        beta.setShape(new Shape(channels));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        long channels = shape.get(1);
        // The engine reduces one axis at a time: flatten the spatial axes into one.
        NDArray flat = x.reshape(shape.get(0), channels, -1);
        NDArray centred = flat.sub(flat.mean(new int[] {2}, true));
        NDArray variance = centred.square().mean(new int[] {2}, true);
        NDArray g = store.getValue(gamma, x.getDevice(), training).reshape(1, channels, 1);
        NDArray b = store.getValue(beta, x.getDevice(), training).reshape(1, channels, 1);
        return new NDList(centred.div(variance.add(EPSILON).sqrt()).mul(g).add(b).reshape(shape));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(
            ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        // no children
    }
}
