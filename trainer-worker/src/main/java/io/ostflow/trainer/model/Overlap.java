package io.ostflow.trainer.model;

/** Dice and IoU of a confusion count; both 1 when there is nothing to find and nothing found. */
final class Overlap {
    private Overlap() {}

    /** {dice, iou} = {2TP / (2TP + FP + FN), TP / (TP + FP + FN)}. */
    static double[] of(long tp, long fp, long fn) {
        if (tp + fp + fn == 0) {
            return new double[] {1, 1};
        }
        return new double[] {2.0 * tp / (2.0 * tp + fp + fn), (double) tp / (tp + fp + fn)};
    }
}
