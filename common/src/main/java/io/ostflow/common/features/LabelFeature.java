package io.ostflow.common.features;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;

/**
 * The fingerprint of one binary mask (one case, one objective), docs/algorithm.md section 3: the
 * mask {@code label in values} resized to G^3 by linear interpolation (values in [0, 1]), with its
 * mean and population variance so global SSIM needs only the covariance.
 *
 * @param sourceKey landing-bucket key of the label map
 * @param sourceEtag its ETag when it was read
 * @param labelValues the label values of the objective (read from a former {@code labelValue} too)
 * @param shape original x, y, z sizes
 * @param grid G
 * @param foregroundVoxels voxels holding one of the label values at original resolution
 * @param mean mean of the resized mask
 * @param variance population variance of the resized mask
 * @param resizedMask G^3 values, x fastest
 */
public record LabelFeature(
        String sourceKey,
        String sourceEtag,
        @JsonAlias("labelValue") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                List<Integer> labelValues,
        int[] shape,
        int grid,
        long foregroundVoxels,
        double mean,
        double variance,
        double[] resizedMask) {}
