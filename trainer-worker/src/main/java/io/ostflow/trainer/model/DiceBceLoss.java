package io.ostflow.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * Soft Dice plus binary cross-entropy on logits, the usual nnU-Net loss for one foreground class:
 * {@code (1 - (2 sum(p y) + 1) / (sum(p) + sum(y) + 1)) + mean(BCE(logit, y))}, with the BCE in its
 * numerically stable form {@code max(x, 0) - x y + log(1 + exp(-|x|))}, the Dice over the whole
 * batch. With deep supervision (more than one prediction: full resolution first, then each half
 * resolution), the loss of prediction k is weighted by 2^-k (weights summing to 1) against the mask
 * taken at every 2^k-th voxel, so the mask is never interpolated.
 */
public final class DiceBceLoss extends Loss {

    public DiceBceLoss() {
        super("DiceBce");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray mask = labels.singletonOrThrow().reshape(predictions.get(0).getShape());
        double norm = 0;
        for (int k = 0; k < predictions.size(); k++) {
            norm += Math.pow(0.5, k);
        }
        NDArray total = null;
        NDArray target = mask;
        for (int k = 0; k < predictions.size(); k++) {
            if (k > 0) {
                target = target.get(everySecond(target.getShape().dimension()));
            }
            NDArray term =
                    single(predictions.get(k), target).mul((float) (Math.pow(0.5, k) / norm));
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    private static NDIndex everySecond(int dimensions) {
        StringBuilder index = new StringBuilder(":, :");
        for (int a = 2; a < dimensions; a++) {
            index.append(", ::2");
        }
        return new NDIndex(index.toString());
    }

    private static NDArray single(NDArray logits, NDArray target) {
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
