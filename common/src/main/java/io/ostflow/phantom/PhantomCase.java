package io.ostflow.phantom;

/**
 * One generated case: its style's channels (glioma: T1, T1ce, T2, FLAIR) after site effects, and
 * the label map (glioma: 0 background, 1 NCR, 2 ED, 3 ET). Arrays are in NIfTI order, x fastest.
 *
 * @param caseId case id, e.g. {@code case003}
 * @param shape x, y, z sizes
 * @param channels intensity per channel and voxel, in scanner units
 * @param labels label value per voxel (unsigned: iSeg-like sites use 10, 150, 250)
 * @param style the site's style, which names the channels and labels
 */
public record PhantomCase(
        String caseId, int[] shape, float[][] channels, byte[] labels, SiteStyle style) {}
