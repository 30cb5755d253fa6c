package io.ostflow.phantom;

/**
 * One generated case: four channels (T1, T1ce, T2, FLAIR) after site effects, and the label map (0
 * background, 1 NCR, 2 ED, 3 ET). Arrays are in NIfTI order, x fastest.
 *
 * @param caseId case id, e.g. {@code case003}
 * @param shape x, y, z sizes
 * @param channels intensity per channel and voxel, in scanner units
 * @param labels label value per voxel
 */
public record PhantomCase(String caseId, int[] shape, float[][] channels, byte[] labels) {}
