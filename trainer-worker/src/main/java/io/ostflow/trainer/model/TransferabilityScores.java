package io.ostflow.trainer.model;

import io.ostflow.common.events.TransferabilityScore;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@link TransferabilityScore} of a source model on a binary target, from its logits on the
 * target's labelled voxels: LEEP ({@link Leep}); LEEP with each voxel weighted {@code 1 / (2 n_y)}
 * (n_y the voxels of its class y) in the empirical joint and in the mean, which is LEEP on a
 * class-balanced sample of the voxels; and the soft Dice {@code 2 sum q_i y_i / (sum q_i + sum
 * y_i)} of LEEP's expected empirical predictor q_i = sum_z P(1 | z) theta_z(x_i). A score that is
 * undefined for the labels (the balanced LEEP and the Dice when no voxel is foreground) is left
 * out. O(n), three passes.
 */
public final class TransferabilityScores {
    private TransferabilityScores() {}

    /**
     * @param logits the source model's logits, one array per target case
     * @param masks the target's labels (0 or 1) of the same voxels
     */
    public static Map<TransferabilityScore, Double> of(List<float[]> logits, List<float[]> masks) {
        long[] perClass = classCounts(logits, masks);
        long n = perClass[0] + perClass[1];
        boolean bothClasses = perClass[0] > 0 && perClass[1] > 0;
        double[] balancedWeight =
                bothClasses ? new double[] {0.5 / perClass[0], 0.5 / perClass[1]} : new double[2];
        double[][] empirical = conditional(logits, masks, new double[] {1.0, 1.0});
        double[][] balanced = conditional(logits, masks, balancedWeight);
        // sums of: log-likelihood, balanced log-likelihood, EEP foreground overlap, EEP foreground
        double[] sums = new double[4];
        forEachVoxel(
                logits,
                masks,
                (p, y) -> {
                    sums[0] += Math.log(empirical[y][0] * (1 - p) + empirical[y][1] * p);
                    if (bothClasses) {
                        sums[1] +=
                                balancedWeight[y]
                                        * Math.log(balanced[y][0] * (1 - p) + balanced[y][1] * p);
                    }
                    double q = empirical[1][0] * (1 - p) + empirical[1][1] * p;
                    sums[2] += q * y;
                    sums[3] += q;
                });
        Map<TransferabilityScore, Double> scores = new EnumMap<>(TransferabilityScore.class);
        scores.put(TransferabilityScore.LEEP, sums[0] / n);
        if (bothClasses) {
            scores.put(TransferabilityScore.BALANCED_LEEP, sums[1]);
            scores.put(TransferabilityScore.EEP_DICE, 2 * sums[2] / (sums[3] + perClass[1]));
        }
        return scores;
    }

    /** P(y | z) of the joint in which a voxel of class y weighs {@code weight[y]}. */
    private static double[][] conditional(
            List<float[]> logits, List<float[]> masks, double[] weight) {
        double[][] joint = new double[2][2];
        forEachVoxel(
                logits,
                masks,
                (p, y) -> {
                    joint[y][0] += weight[y] * (1 - p);
                    joint[y][1] += weight[y] * p;
                });
        double[][] conditional = new double[2][2];
        for (int z = 0; z < 2; z++) {
            double pz = joint[0][z] + joint[1][z];
            for (int y = 0; y < 2; y++) {
                conditional[y][z] = pz == 0 ? 0.5 : joint[y][z] / pz;
            }
        }
        return conditional;
    }

    /** A voxel: the source model's foreground probability p and the target's label y. */
    private interface Voxel {
        void visit(double p, int y);
    }

    private static void forEachVoxel(List<float[]> logits, List<float[]> masks, Voxel voxel) {
        for (int c = 0; c < logits.size(); c++) {
            float[] l = logits.get(c);
            float[] m = masks.get(c);
            for (int i = 0; i < l.length; i++) {
                voxel.visit(sigmoid(l[i]), label(m[i]));
            }
        }
    }

    private static long[] classCounts(List<float[]> logits, List<float[]> masks) {
        if (logits.size() != masks.size() || logits.isEmpty()) {
            throw new IllegalArgumentException(
                    "the scores need one label array per prediction array and at least one case");
        }
        long[] counts = new long[2];
        for (int c = 0; c < masks.size(); c++) {
            if (logits.get(c).length != masks.get(c).length) {
                throw new IllegalArgumentException(
                        "case "
                                + c
                                + ": "
                                + logits.get(c).length
                                + " predictions for "
                                + masks.get(c).length
                                + " labels");
            }
            for (float v : masks.get(c)) {
                counts[label(v)]++;
            }
        }
        return counts;
    }

    private static int label(float v) {
        return v > 0.5f ? 1 : 0;
    }

    private static double sigmoid(float logit) {
        return 1 / (1 + Math.exp(-logit));
    }
}
