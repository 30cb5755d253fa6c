package io.ostflow.trainer.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Sliding-window inference as in nnU-Net: windows of the training patch size at a step of {@code
 * patch * (1 - overlap)} cover the whole case (a case smaller than the patch is padded with zeros,
 * centred), every window's logits are weighted by a Gaussian importance map (sigma = patch / 8, so
 * a voxel counts most where its window saw the most context) and the weighted sum is divided by the
 * summed weights. With mirroring, every window is also predicted flipped along each subset of its
 * spatial axes and flipped back, and the results are averaged.
 *
 * <p>Runs in O(windows * mirrors * network cost); sums in double precision, so a network that
 * returns its input gives back the input exactly.
 */
public final class SlidingWindow {

    /** The network: logits for a batch of patches laid out back to back, x fastest. */
    @FunctionalInterface
    public interface Network {
        float[] logits(float[] patches, int batch);
    }

    private final int[] patch;
    private final double overlap;
    private final boolean mirror;
    private final int batchSize;
    private final double[] importance;

    /**
     * @param patch x, y, z sizes of a window (z = 1 for 2-D slices)
     * @param overlap share of a window overlapped by the next one, in [0, 1)
     * @param mirror test-time mirroring along every spatial axis longer than one voxel
     * @param batchSize windows per network call
     */
    public SlidingWindow(int[] patch, double overlap, boolean mirror, int batchSize) {
        if (patch.length != 3) {
            throw new IllegalArgumentException("a window has x, y, z sizes");
        }
        if (!(overlap >= 0 && overlap < 1)) {
            throw new IllegalArgumentException("overlap must be in [0, 1), was " + overlap);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        this.patch = patch.clone();
        this.overlap = overlap;
        this.mirror = mirror;
        this.batchSize = batchSize;
        this.importance = gaussian(this.patch);
    }

    /** Logits for every voxel of an image of the given x, y, z shape. */
    public float[] predict(float[] image, int[] shape, Network network) {
        List<int[]> corners = corners(shape);
        double[] sum = new double[image.length];
        double[] weight = new double[image.length];
        int voxels = patch[0] * patch[1] * patch[2];
        List<int[]> flips = mirror ? flips() : List.of(new int[0]);
        for (int from = 0; from < corners.size(); from += batchSize) {
            List<int[]> group = corners.subList(from, Math.min(corners.size(), from + batchSize));
            float[] windows = new float[group.size() * voxels];
            for (int w = 0; w < group.size(); w++) {
                read(image, shape, group.get(w), windows, w * voxels);
            }
            double[] mean = new double[windows.length];
            for (int[] axes : flips) {
                float[] logits = network.logits(flip(windows, group.size(), axes), group.size());
                float[] back = flip(logits, group.size(), axes);
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += back[i];
                }
            }
            for (int i = 0; i < mean.length; i++) {
                mean[i] /= flips.size();
            }
            for (int w = 0; w < group.size(); w++) {
                accumulate(mean, w * voxels, group.get(w), shape, sum, weight);
            }
        }
        float[] out = new float[image.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (sum[i] / weight[i]);
        }
        return out;
    }

    /** Window corners covering the shape, z slowest. */
    List<int[]> corners(int[] shape) {
        int[][] positions = new int[3][];
        for (int a = 0; a < 3; a++) {
            positions[a] = positions(shape[a], patch[a]);
        }
        List<int[]> out = new ArrayList<>();
        for (int z : positions[2]) {
            for (int y : positions[1]) {
                for (int x : positions[0]) {
                    out.add(new int[] {x, y, z});
                }
            }
        }
        return out;
    }

    /**
     * nnU-Net's steps: evenly spread from 0 to size - patch, at most patch * (1 - overlap) apart.
     */
    private int[] positions(int size, int window) {
        if (size <= window) {
            return new int[] {-(window - size) / 2};
        }
        double step = Math.max(1, window * (1 - overlap));
        int n = (int) Math.ceil((size - window) / step) + 1;
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            out[k] = (int) Math.round((double) k * (size - window) / (n - 1));
        }
        return out;
    }

    private void read(float[] image, int[] shape, int[] corner, float[] out, int offset) {
        int i = offset;
        for (int z = 0; z < patch[2]; z++) {
            int sz = corner[2] + z;
            for (int y = 0; y < patch[1]; y++) {
                int sy = corner[1] + y;
                for (int x = 0; x < patch[0]; x++, i++) {
                    int sx = corner[0] + x;
                    boolean inside =
                            sx >= 0
                                    && sy >= 0
                                    && sz >= 0
                                    && sx < shape[0]
                                    && sy < shape[1]
                                    && sz < shape[2];
                    out[i] = inside ? image[sx + shape[0] * (sy + shape[1] * sz)] : 0;
                }
            }
        }
    }

    private void accumulate(
            double[] logits, int offset, int[] corner, int[] shape, double[] sum, double[] weight) {
        int i = 0;
        for (int z = 0; z < patch[2]; z++) {
            int sz = corner[2] + z;
            for (int y = 0; y < patch[1]; y++) {
                int sy = corner[1] + y;
                for (int x = 0; x < patch[0]; x++, i++) {
                    int sx = corner[0] + x;
                    if (sx >= 0
                            && sy >= 0
                            && sz >= 0
                            && sx < shape[0]
                            && sy < shape[1]
                            && sz < shape[2]) {
                        int target = sx + shape[0] * (sy + shape[1] * sz);
                        sum[target] += importance[i] * logits[offset + i];
                        weight[target] += importance[i];
                    }
                }
            }
        }
    }

    /** Every subset of the axes longer than one voxel (the empty one first). */
    private List<int[]> flips() {
        List<Integer> axes = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            if (patch[a] > 1) {
                axes.add(a);
            }
        }
        List<int[]> out = new ArrayList<>();
        for (int mask = 0; mask < 1 << axes.size(); mask++) {
            List<Integer> subset = new ArrayList<>();
            for (int b = 0; b < axes.size(); b++) {
                if ((mask & (1 << b)) != 0) {
                    subset.add(axes.get(b));
                }
            }
            out.add(subset.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** The windows flipped along the given axes (a copy; none: the array itself). */
    private float[] flip(float[] windows, int count, int[] axes) {
        if (axes.length == 0) {
            return windows;
        }
        boolean[] flipped = new boolean[3];
        for (int a : axes) {
            flipped[a] = true;
        }
        int voxels = patch[0] * patch[1] * patch[2];
        float[] out = new float[windows.length];
        for (int w = 0; w < count; w++) {
            int i = w * voxels;
            for (int z = 0; z < patch[2]; z++) {
                int fz = flipped[2] ? patch[2] - 1 - z : z;
                for (int y = 0; y < patch[1]; y++) {
                    int fy = flipped[1] ? patch[1] - 1 - y : y;
                    for (int x = 0; x < patch[0]; x++, i++) {
                        int fx = flipped[0] ? patch[0] - 1 - x : x;
                        out[i] = windows[w * voxels + fx + patch[0] * (fy + patch[1] * fz)];
                    }
                }
            }
        }
        return out;
    }

    /** Product of per-axis Gaussians with sigma = size / 8, scaled to a maximum of 1. */
    static double[] gaussian(int[] patch) {
        double[][] axis = new double[3][];
        for (int a = 0; a < 3; a++) {
            axis[a] = new double[patch[a]];
            double sigma = patch[a] / 8.0;
            double centre = (patch[a] - 1) / 2.0;
            for (int t = 0; t < patch[a]; t++) {
                axis[a][t] =
                        patch[a] == 1
                                ? 1
                                : Math.exp(-(t - centre) * (t - centre) / (2 * sigma * sigma));
            }
        }
        double[] out = new double[patch[0] * patch[1] * patch[2]];
        double max = 0;
        for (int z = 0, i = 0; z < patch[2]; z++) {
            for (int y = 0; y < patch[1]; y++) {
                for (int x = 0; x < patch[0]; x++, i++) {
                    out[i] = axis[0][x] * axis[1][y] * axis[2][z];
                    max = Math.max(max, out[i]);
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= max;
        }
        return out;
    }
}
