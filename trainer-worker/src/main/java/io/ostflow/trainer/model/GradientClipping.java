package io.ostflow.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/** Global-norm gradient clipping, with a guard against non-finite gradients. */
final class GradientClipping {
    /** nnU-Net's bound on the global gradient norm. */
    static final double NNUNET_MAX_NORM = 12;

    private GradientClipping() {}

    /**
     * nnU-Net's gradient clipping: scales the gradients so that their global L2 norm is at most
     * {@code maxNorm}. A step whose gradients are not finite is skipped (its gradients zeroed): the
     * PyTorch engine's CPU convolution backward was seen to return NaN input gradients now and then
     * on narrow networks (4 to 8 base channels), and one such step would poison every weight for
     * good. O(parameters).
     *
     * @return whether the step may be taken
     */
    static boolean clip(PairList<String, Parameter> parameters, double maxNorm) {
        List<NDArray> gradients = new ArrayList<>();
        NDArray squares = null;
        for (Parameter parameter : parameters.values()) {
            NDArray array = parameter.getArray();
            if (!array.hasGradient()) {
                continue;
            }
            NDArray gradient = array.getGradient();
            gradients.add(gradient);
            NDArray sum = gradient.square().sum();
            squares = squares == null ? sum : squares.add(sum);
        }
        if (squares == null) {
            return false;
        }
        double norm = Math.sqrt(squares.getFloat());
        if (!Double.isFinite(norm)) {
            for (NDArray gradient : gradients) {
                gradient.set(gradient.isNaN().logicalOr(gradient.isInfinite()), 0);
                gradient.muli(0);
            }
            return false;
        }
        if (norm > maxNorm) {
            for (NDArray gradient : gradients) {
                gradient.muli((float) (maxNorm / norm));
            }
        }
        return true;
    }
}
