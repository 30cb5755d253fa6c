package io.ostflow.common.features;

import java.util.List;

/**
 * The fingerprint of one image volume (one case, one channel), docs/algorithm.md section 2: the
 * sorted PCA scores of the volume resized to G^3, plus what the trainer needs to crop and normalise
 * the case.
 *
 * @param sourceKey landing-bucket key of the volume
 * @param sourceEtag its ETag when it was read
 * @param shape original x, y, z sizes
 * @param grid G, the resize target per axis
 * @param components k, the number of principal components kept
 * @param explainedVariance explained-variance ratio of each kept component
 * @param boundingBox non-zero bounding box of the case (all channels): x0, y0, z0, x1, y1, z1 (end
 *     exclusive)
 * @param intensity statistics of the non-zero voxels of this volume
 * @param sortedScores all G*G*k score values in ascending order
 */
public record ImageFeature(
        String sourceKey,
        String sourceEtag,
        int[] shape,
        int grid,
        int components,
        List<Double> explainedVariance,
        int[] boundingBox,
        IntensityStats intensity,
        double[] sortedScores) {

    /**
     * Intensity statistics over the non-zero voxels (after scaling).
     *
     * @param count number of non-zero voxels
     * @param mean their mean
     * @param std their population standard deviation
     * @param min smallest value
     * @param max largest value
     */
    public record IntensityStats(long count, double mean, double std, double min, double max) {}
}
