package io.ostflow.trainer.data;

/**
 * One case prepared for training and evaluation, at its own voxel grid: the image of one channel,
 * cropped to the case's non-zero bounding box and z-score normalised over its non-zero voxels, and
 * the binary mask of the objective, both x fastest. Nothing is resampled.
 *
 * @param caseId case id
 * @param shape x, y, z sizes after cropping
 * @param image normalised intensities
 * @param mask 1 where the label equals the objective's value, else 0
 * @param foregroundOutsideCrop objective voxels of the original label map outside the crop (they
 *     can only be missed, so evaluation counts them as false negatives)
 */
public record CaseVolume(
        String caseId, int[] shape, float[] image, float[] mask, long foregroundOutsideCrop) {

    public CaseVolume {
        if (shape.length != 3 || image.length != mask.length) {
            throw new IllegalArgumentException(
                    "a case needs x, y, z sizes and one mask voxel per image voxel");
        }
        if ((long) shape[0] * shape[1] * shape[2] != image.length) {
            throw new IllegalArgumentException("shape does not match the number of voxels");
        }
    }

    /** A case whose label map lies entirely inside the crop. */
    public CaseVolume(String caseId, int[] shape, float[] image, float[] mask) {
        this(caseId, shape, image, mask, 0);
    }

    /** Voxels of the case. */
    public int voxels() {
        return image.length;
    }

    /** Flat index of (x, y, z). */
    public int index(int x, int y, int z) {
        return x + shape[0] * (y + shape[1] * z);
    }
}
