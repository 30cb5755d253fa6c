package io.ostflow.trainer.model;

import io.ostflow.common.events.TransferabilityScore;
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
 * O(n), computed with the other scores by {@link TransferabilityScores}.
 */
public final class Leep {
    private Leep() {}

    /**
     * @param logits the source model's logits, one array per target case
     * @param masks the target's labels (0 or 1) of the same voxels
     */
    public static double of(List<float[]> logits, List<float[]> masks) {
        return TransferabilityScores.of(logits, masks).get(TransferabilityScore.LEEP);
    }
}
