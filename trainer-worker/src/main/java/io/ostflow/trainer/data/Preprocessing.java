package io.ostflow.trainer.data;

import io.ostflow.common.fingerprint.Fingerprinter;
import io.ostflow.nifti.NiftiImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Preprocessing of ALGORITHM.md section 8 and the trainer issue: crop every case to the bounding
 * box of its non-zero voxels, z-score normalise (mean and standard deviation of the non-zero
 * voxels), then either cut axial slices resampled bilinearly to the input size (2-D) or resample
 * the case trilinearly to an input-size cube and cut cubic patches from it (3-D). A sample is an
 * (image, mask) pair of flat arrays, x fastest.
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

    /**
     * The case resampled trilinearly to a size^3 cube at voxel centres (the mask re-binarised at
     * 0.5), so patches and tiles have the same physical meaning in every case, as slices do in 2-D.
     */
    public static CaseVolume cube(CaseVolume volume, int size) {
        int[] s = volume.shape();
        float[] image = new float[size * size * size];
        float[] mask = new float[image.length];
        double[] f = {(double) s[0] / size, (double) s[1] / size, (double) s[2] / size};
        for (int z = 0, i = 0; z < size; z++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++, i++) {
                    double[] p = {
                        position(x, f[0], s[0]), position(y, f[1], s[1]), position(z, f[2], s[2])
                    };
                    image[i] = (float) trilinear(volume.image(), s, p);
                    mask[i] = trilinear(volume.mask(), s, p) >= 0.5 ? 1 : 0;
                }
            }
        }
        return new CaseVolume(volume.caseId(), new int[] {size, size, size}, image, mask);
    }

    /**
     * {@code count} training patches of edge {@code patch} from a cube, at seeded random corners;
     * as in nnU-Net, a third of them (the first of every three) are centred on a random foreground
     * voxel when the case has one, so small objectives are seen often enough.
     */
    public static List<float[][]> patches(CaseVolume cube, int patch, int count, Random random) {
        int size = cube.shape()[0];
        int[] foreground = foregroundIndices(cube.mask());
        List<float[][]> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int[] corner = new int[3];
            if (k % 3 == 0 && foreground.length > 0) {
                int centre = foreground[random.nextInt(foreground.length)];
                int[] c = {centre % size, (centre / size) % size, centre / (size * size)};
                for (int a = 0; a < 3; a++) {
                    corner[a] = Math.max(0, Math.min(size - patch, c[a] - patch / 2));
                }
            } else {
                for (int a = 0; a < 3; a++) {
                    corner[a] = random.nextInt(size - patch + 1);
                }
            }
            out.add(cut(cube, corner, patch));
        }
        return out;
    }

    /**
     * The cube tiled by non-overlapping patches (size must be a multiple of patch), z-y-x order.
     */
    public static List<float[][]> tiles(CaseVolume cube, int patch) {
        int size = cube.shape()[0];
        List<float[][]> out = new ArrayList<>();
        for (int z = 0; z < size; z += patch) {
            for (int y = 0; y < size; y += patch) {
                for (int x = 0; x < size; x += patch) {
                    out.add(cut(cube, new int[] {x, y, z}, patch));
                }
            }
        }
        return out;
    }

    private static float[][] cut(CaseVolume cube, int[] corner, int patch) {
        int size = cube.shape()[0];
        float[] image = new float[patch * patch * patch];
        float[] mask = new float[image.length];
        for (int z = 0, i = 0; z < patch; z++) {
            for (int y = 0; y < patch; y++) {
                int from = corner[0] + size * ((corner[1] + y) + size * (corner[2] + z));
                System.arraycopy(cube.image(), from, image, i, patch);
                System.arraycopy(cube.mask(), from, mask, i, patch);
                i += patch;
            }
        }
        return new float[][] {image, mask};
    }

    private static int[] foregroundIndices(float[] mask) {
        return java.util.stream.IntStream.range(0, mask.length).filter(i -> mask[i] > 0).toArray();
    }

    /** Source coordinate of output voxel i's centre, clamped to the volume. */
    private static double position(int i, double factor, int extent) {
        return Math.min(extent - 1, Math.max(0, (i + 0.5) * factor - 0.5));
    }

    private static double trilinear(float[] values, int[] shape, double[] p) {
        int x0 = (int) p[0];
        int y0 = (int) p[1];
        int z0 = (int) p[2];
        int x1 = Math.min(x0 + 1, shape[0] - 1);
        int y1 = Math.min(y0 + 1, shape[1] - 1);
        int z1 = Math.min(z0 + 1, shape[2] - 1);
        double wx = p[0] - x0;
        double wy = p[1] - y0;
        double wz = p[2] - z0;
        double v = 0;
        for (int dz = 0; dz < 2; dz++) {
            for (int dy = 0; dy < 2; dy++) {
                for (int dx = 0; dx < 2; dx++) {
                    double w =
                            (dx == 0 ? 1 - wx : wx)
                                    * (dy == 0 ? 1 - wy : wy)
                                    * (dz == 0 ? 1 - wz : wz);
                    if (w != 0) {
                        int x = dx == 0 ? x0 : x1;
                        int y = dy == 0 ? y0 : y1;
                        int z = dz == 0 ? z0 : z1;
                        v += w * values[x + shape[0] * (y + shape[1] * z)];
                    }
                }
            }
        }
        return v;
    }
}
