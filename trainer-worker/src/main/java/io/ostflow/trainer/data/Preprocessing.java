package io.ostflow.trainer.data;

import io.ostflow.common.dataset.LabelValues;
import io.ostflow.common.fingerprint.Fingerprinter;
import io.ostflow.nifti.NiftiImage;
import java.util.List;

/**
 * Preprocessing of the training recipe (docs/trainer.md): crop every case to the bounding box of
 * its non-zero voxels and z-score the image over those voxels (the background stays 0), at the
 * case's own voxel grid: nothing is resampled, so thin structures keep every voxel.
 */
public final class Preprocessing {
    private Preprocessing() {}

    /** Crops and normalises an image without labels (to segment it); its mask is empty. */
    public static CaseVolume image(String caseId, NiftiImage image) {
        return prepare(caseId, image, null, null);
    }

    /** The crop box of {@link #prepare}: x0, y0, z0, x1, y1, z1 of the non-zero voxels. */
    public static int[] cropBox(NiftiImage image) {
        return Fingerprinter.boundingBox(List.of(image));
    }

    /**
     * Crops and normalises one case; the mask is {@code label in objective} (empty without labels).
     */
    public static CaseVolume prepare(
            String caseId, NiftiImage image, NiftiImage labels, LabelValues objective) {
        int[] shape = {image.header().dim(0), image.header().dim(1), image.header().dim(2)};
        int[] box = cropBox(image);
        int[] cropped = {box[3] - box[0], box[4] - box[1], box[5] - box[2]};
        float[] values = new float[cropped[0] * cropped[1] * cropped[2]];
        float[] mask = new float[values.length];
        double sum = 0;
        double squares = 0;
        long count = 0;
        long foreground = 0;
        for (int z = 0, i = 0; z < cropped[2]; z++) {
            for (int y = 0; y < cropped[1]; y++) {
                for (int x = 0; x < cropped[0]; x++, i++) {
                    int source = (x + box[0]) + shape[0] * ((y + box[1]) + shape[1] * (z + box[2]));
                    double v = image.scaled(source);
                    values[i] = (float) v;
                    mask[i] = labels != null && objective.contains(labels.scaled(source)) ? 1 : 0;
                    foreground += (long) mask[i];
                    if (v != 0) {
                        sum += v;
                        squares += v * v;
                        count++;
                    }
                }
            }
        }
        double mean = count == 0 ? 0 : sum / count;
        double std = count == 0 ? 1 : Math.sqrt(Math.max(squares / count - mean * mean, 1e-12));
        for (int i = 0; i < values.length; i++) {
            values[i] = values[i] == 0 ? 0 : (float) ((values[i] - mean) / std);
        }
        long outside = labels == null ? 0 : countLabel(labels, objective, shape) - foreground;
        return new CaseVolume(caseId, cropped, values, mask, outside);
    }

    private static long countLabel(NiftiImage labels, LabelValues values, int[] shape) {
        long voxels = (long) shape[0] * shape[1] * shape[2];
        long count = 0;
        for (int i = 0; i < voxels; i++) {
            count += values.contains(labels.scaled(i)) ? 1 : 0;
        }
        return count;
    }
}
