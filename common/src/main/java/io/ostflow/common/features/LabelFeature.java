package io.ostflow.common.features;

/**
 * The fingerprint of one binary mask (one case, one objective), docs/algorithm.md section 3: the
 * mask {@code label == value} resized to G^3 by linear interpolation (values in [0, 1]), with its
 * mean and population variance so global SSIM needs only the covariance.
 *
 * @param sourceKey landing-bucket key of the label map
 * @param sourceEtag its ETag when it was read
 * @param labelValue the label value of the objective
 * @param shape original x, y, z sizes
 * @param grid G
 * @param foregroundVoxels voxels equal to the label value at original resolution
 * @param mean mean of the resized mask
 * @param variance population variance of the resized mask
 * @param resizedMask G^3 values, x fastest
 */
public record LabelFeature(
        String sourceKey,
        String sourceEtag,
        int labelValue,
        int[] shape,
        int grid,
        long foregroundVoxels,
        double mean,
        double variance,
        double[] resizedMask) {}
