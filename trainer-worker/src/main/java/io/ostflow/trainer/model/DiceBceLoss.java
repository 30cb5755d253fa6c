package io.ostflow.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * Soft Dice plus binary cross-entropy on logits, the usual nnU-Net loss for one foreground class:
 * {@code (1 - (2 sum(p y) + 1) / (sum(p) + sum(y) + 1)) + mean(BCE(logit, y))}, with the BCE in its
 * numerically stable form {@code max(x, 0) - x y + log(1 + exp(-|x|))}.
 */
public final class DiceBceLoss extends Loss {

    public DiceBceLoss() {
        super("DiceBce");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray target = labels.singletonOrThrow().reshape(logits.getShape());
        NDArray probability = Activation.sigmoid(logits);
        NDArray intersection = probability.mul(target).sum();
        NDArray dice = intersection.mul(2).add(1).div(probability.sum().add(target.sum()).add(1));
        NDArray bce =
                logits.maximum(0)
                        .sub(logits.mul(target))
                        .add(logits.abs().neg().exp().add(1).log())
                        .mean();
        return dice.neg().add(1).add(bce);
    }
}
