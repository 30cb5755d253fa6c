package io.ostflow.trainer.data;

/**
 * One case prepared for training: the image of one channel, cropped to the case's non-zero bounding
 * box and z-score normalised over its non-zero voxels, and the binary mask of the objective, both x
 * fastest.
 *
 * @param caseId case id
 * @param shape x, y, z sizes after cropping
 * @param image normalised intensities
 * @param mask 1 where the label equals the objective's value, else 0
 */
public record CaseVolume(String caseId, int[] shape, float[] image, float[] mask) {}
