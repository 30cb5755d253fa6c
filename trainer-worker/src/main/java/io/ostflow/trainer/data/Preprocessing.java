package io.ostflow.trainer.data;

import io.ostflow.common.fingerprint.Fingerprinter;
import io.ostflow.nifti.NiftiImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Preprocessing of ALGORITHM.md section 8 and the trainer issue: crop every case to the bounding
 * box of its non-zero voxels, z-score normalise (mean and standard deviation of the non-zero
 * voxels), and, in 2-D slice mode, cut axial slices resampled bilinearly to the input size.
 */
public final class Preprocessing {
    private Preprocessing() {}

    /** Crops and normalises one case; the mask is {@code label == labelValue}. */
    public static CaseVolume prepare(
            String caseId, NiftiImage image, NiftiImage labels, int labelValue) {
        int[] shape = {image.header().dim(0), image.header().dim(1), image.header().dim(2)};
        int[] box = Fingerprinter.boundingBox(List.of(image));
        int[] cropped = {box[3] - box[0], box[4] - box[1], box[5] - box[2]};
        float[] values = new float[cropped[0] * cropped[1] * cropped[2]];
        float[] mask = new float[values.length];
        double sum = 0;
        double squares = 0;
        long count = 0;
        for (int z = 0, i = 0; z < cropped[2]; z++) {
            for (int y = 0; y < cropped[1]; y++) {
                for (int x = 0; x < cropped[0]; x++, i++) {
                    int source = (x + box[0]) + shape[0] * ((y + box[1]) + shape[1] * (z + box[2]));
                    double v = image.scaled(source);
                    values[i] = (float) v;
                    mask[i] = labels.scaled(source) == labelValue ? 1 : 0;
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
        return new CaseVolume(caseId, cropped, values, mask);
    }

    /**
     * Axial slices of a case resampled to size x size, as (image, mask) pairs. With {@code
     * foregroundOnly}, only slices that contain the objective plus every {@code stride}-th other.
     */
    public static List<float[][]> slices(CaseVolume volume, int size, int stride) {
        int[] s = volume.shape();
        List<float[][]> out = new ArrayList<>();
        for (int z = 0; z < s[2]; z++) {
            boolean foreground = false;
            int plane = s[0] * s[1];
            for (int i = 0; i < plane && !foreground; i++) {
                foreground = volume.mask()[z * plane + i] > 0;
            }
            if (foreground || z % stride == 0) {
                out.add(
                        new float[][] {
                            resample(volume.image(), s, z, size, false),
                            resample(volume.mask(), s, z, size, true)
                        });
            }
        }
        return out;
    }

    /** Bilinear resampling of slice z to size x size at pixel centres; masks are re-binarised. */
    static float[] resample(float[] values, int[] shape, int z, int size, boolean binary) {
        float[] out = new float[size * size];
        double fx = (double) shape[0] / size;
        double fy = (double) shape[1] / size;
        int plane = shape[0] * shape[1];
        for (int y = 0; y < size; y++) {
            double py = Math.min(shape[1] - 1, Math.max(0, (y + 0.5) * fy - 0.5));
            int y0 = (int) py;
            int y1 = Math.min(y0 + 1, shape[1] - 1);
            double wy = py - y0;
            for (int x = 0; x < size; x++) {
                double px = Math.min(shape[0] - 1, Math.max(0, (x + 0.5) * fx - 0.5));
                int x0 = (int) px;
                int x1 = Math.min(x0 + 1, shape[0] - 1);
                double wx = px - x0;
                double v =
                        (1 - wy)
                                        * ((1 - wx) * values[z * plane + y0 * shape[0] + x0]
                                                + wx * values[z * plane + y0 * shape[0] + x1])
                                + wy
                                        * ((1 - wx) * values[z * plane + y1 * shape[0] + x0]
                                                + wx * values[z * plane + y1 * shape[0] + x1]);
                out[y * size + x] = binary ? (v >= 0.5 ? 1 : 0) : (float) v;
            }
        }
        return out;
    }
}
