package io.ostflow.trainer.model;

import java.util.List;

/**
 * LEEP, the Log Expected Empirical Prediction (Nguyen, Hassner, Seeger and Archambeau, ICML 2020,
 * eq. 2), per voxel: a source model's predictions theta(x) over its labels z on the target's
 * training voxels, their empirical joint with the target labels y
 *
 * <pre>P(y, z) = 1/n sum_{i: y_i = y} theta_z(x_i),  P(y | z) = P(y, z) / sum_y' P(y', z)</pre>
 *
 * and the mean log-likelihood of the target labels under the "expected empirical predictor"
 *
 * <pre>LEEP = 1/n sum_i log sum_z P(y_i | z) theta_z(x_i)</pre>
 *
 * Here source and target are both binary (background, objective) and theta = (1 - p, p) with p the
 * sigmoid of the source model's logit. LEEP is at most 0; higher means the source transfers better.
 * O(n), two passes.
 */
public final class Leep {
    private Leep() {}

    /**
     * @param logits the source model's logits, one array per target case
     * @param masks the target's labels (0 or 1) of the same voxels
     */
    public static double of(List<float[]> logits, List<float[]> masks) {
        if (logits.size() != masks.size() || logits.isEmpty()) {
            throw new IllegalArgumentException(
                    "LEEP needs one label array per prediction array and at least one case");
        }
        double[][] joint = new double[2][2];
        long n = 0;
        for (int c = 0; c < logits.size(); c++) {
            float[] l = logits.get(c);
            float[] m = masks.get(c);
            if (l.length != m.length) {
                throw new IllegalArgumentException(
                        "case " + c + ": " + l.length + " predictions for " + m.length + " labels");
            }
            for (int i = 0; i < l.length; i++) {
                double p = sigmoid(l[i]);
                int y = m[i] > 0.5f ? 1 : 0;
                joint[y][0] += 1 - p;
                joint[y][1] += p;
            }
            n += l.length;
        }
        double[][] conditional = new double[2][2];
        for (int z = 0; z < 2; z++) {
            double pz = joint[0][z] + joint[1][z];
            for (int y = 0; y < 2; y++) {
                conditional[y][z] = pz == 0 ? 0.5 : joint[y][z] / pz;
            }
        }
        double sum = 0;
        for (int c = 0; c < logits.size(); c++) {
            float[] l = logits.get(c);
            float[] m = masks.get(c);
            for (int i = 0; i < l.length; i++) {
                double p = sigmoid(l[i]);
                int y = m[i] > 0.5f ? 1 : 0;
                sum += Math.log(conditional[y][0] * (1 - p) + conditional[y][1] * p);
            }
        }
        return sum / n;
    }

    private static double sigmoid(float logit) {
        return 1 / (1 + Math.exp(-logit));
    }
}
