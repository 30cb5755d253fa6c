package io.ostflow.common.fingerprint;

/**
 * Resizes a 3-D volume to G x G x G as docs/algorithm.md section 2.2 specifies, which is what
 * {@code skimage.transform.resize(..., order=1, anti_aliasing=True)} does up to edge handling: an
 * axis shrunk by {@code f = in/out > 1} is first smoothed with a Gaussian of {@code sigma = (f - 1)
 * / 2} (truncated at 4 sigma, edges clamped); then it is sampled by linear interpolation at {@code
 * x_in = (x_out + 0.5) * f - 0.5}, clamped to the edge.
 *
 * <p>Both steps are separable and act on one axis at a time, so the volume is processed axis by
 * axis (smooth x, sample x, smooth y, ...), which equals smoothing everything and then sampling
 * trilinearly. Running time O(N * (1 + 8 sigma)) for N voxels.
 */
public final class Resampler {
    private Resampler() {}

    /**
     * @param volume values, x fastest
     * @param shape x, y, z sizes
     * @param grid G
     * @param antiAlias whether to smooth axes that shrink (images: yes; masks: no)
     * @return G^3 values, x fastest
     */
    public static double[] resize(double[] volume, int[] shape, int grid, boolean antiAlias) {
        if (volume.length != (long) shape[0] * shape[1] * shape[2]) {
            throw new IllegalArgumentException("volume length does not match its shape");
        }
        double[] current = volume;
        int[] currentShape = shape.clone();
        for (int axis = 0; axis < 3; axis++) {
            int in = currentShape[axis];
            double factor = (double) in / grid;
            if (antiAlias && factor > 1) {
                current = smoothAxis(current, currentShape, axis, (factor - 1) / 2);
            }
            current = sampleAxis(current, currentShape, axis, grid);
            currentShape[axis] = grid;
        }
        return current;
    }

    /**
     * {@link #resize} without anti-aliasing of a volume that is zero outside {@code support} (x0,
     * y0, z0, x1, y1, z1, ends exclusive): only the outputs that can be non-zero are computed, by
     * the same formula, so the result equals {@code resize(volume, shape, grid, false)} bit for
     * bit. A tumour mask covers a few per cent of the volume, so this is that much cheaper. Running
     * time O(output voxels inside the support's image).
     */
    public static double[] interpolate(double[] volume, int[] shape, int grid, int[] support) {
        if (volume.length != (long) shape[0] * shape[1] * shape[2]) {
            throw new IllegalArgumentException("volume length does not match its shape");
        }
        int[] currentShape = shape.clone();
        int[] box = support.clone();
        if (box[3] <= box[0] || box[4] <= box[1] || box[5] <= box[2]) {
            return new double[grid * grid * grid];
        }
        double[] current = volume;
        for (int axis = 0; axis < 3; axis++) {
            Taps taps = new Taps(currentShape[axis], grid);
            int[] outShape = currentShape.clone();
            outShape[axis] = grid;
            int[] outBox = box.clone();
            outBox[axis] = taps.firstReaching(box[axis]);
            outBox[axis + 3] = taps.endBefore(box[axis + 3]);
            current = sampleWithin(current, currentShape, outShape, outBox, axis, taps);
            currentShape = outShape;
            box = outBox;
        }
        return current;
    }

    /** Outputs inside {@code box} sampled along {@code axis}; zeros elsewhere. */
    private static double[] sampleWithin(
            double[] v, int[] shape, int[] outShape, int[] box, int axis, Taps taps) {
        double[] out = new double[outShape[0] * outShape[1] * outShape[2]];
        int[] stride = {1, shape[0], shape[0] * shape[1]};
        int[] outStride = {1, outShape[0], outShape[0] * outShape[1]};
        int[] at = new int[3];
        for (at[2] = box[2]; at[2] < box[5]; at[2]++) {
            for (at[1] = box[1]; at[1] < box[4]; at[1]++) {
                for (at[0] = box[0]; at[0] < box[3]; at[0]++) {
                    int t = at[axis];
                    int rest = 0;
                    int target = 0;
                    for (int a = 0; a < 3; a++) {
                        target += at[a] * outStride[a];
                        rest += a == axis ? 0 : at[a] * stride[a];
                    }
                    double lo = v[rest + taps.lower[t] * stride[axis]];
                    out[target] =
                            lo + taps.weight[t] * (v[rest + taps.upper[t] * stride[axis]] - lo);
                }
            }
        }
        return out;
    }

    /** The two input samples and the weight of each output position along one axis. */
    private static final class Taps {
        final int[] lower;
        final int[] upper;
        final double[] weight;

        Taps(int n, int size) {
            lower = new int[size];
            upper = new int[size];
            weight = new double[size];
            double factor = (double) n / size;
            for (int x = 0; x < size; x++) {
                double position = Math.min(n - 1, Math.max(0, (x + 0.5) * factor - 0.5));
                lower[x] = Math.min((int) Math.floor(position), n - 1);
                upper[x] = Math.min(lower[x] + 1, n - 1);
                weight[x] = position - lower[x];
            }
        }

        /** The first output whose upper sample is at or after {@code from}. */
        int firstReaching(int from) {
            int x = 0;
            while (x < upper.length && upper[x] < from) {
                x++;
            }
            return x;
        }

        /** One past the last output whose lower sample is before {@code end}. */
        int endBefore(int end) {
            int x = lower.length;
            while (x > 0 && lower[x - 1] >= end) {
                x--;
            }
            return x;
        }
    }

    /** Gaussian smoothing along one axis, edges clamped (a copy). */
    static double[] smoothAxis(double[] v, int[] shape, int axis, double sigma) {
        double[] kernel = gaussian(sigma);
        int radius = kernel.length / 2;
        double[] out = new double[v.length];
        Layout layout = new Layout(shape, axis);
        int n = shape[axis];
        int inner = layout.inner();
        for (int o = 0; o < layout.outer(); o++) {
            int base = o * n * inner;
            for (int k = 0; k < n; k++) {
                int target = base + k * inner;
                // taps in ascending order for every voxel: the sums are those of a per-line loop
                for (int t = -radius; t <= radius; t++) {
                    double weight = kernel[t + radius];
                    int source = base + Math.min(n - 1, Math.max(0, k + t)) * inner;
                    for (int r = 0; r < inner; r++) {
                        out[target + r] += weight * v[source + r];
                    }
                }
            }
        }
        return out;
    }

    /** Linear interpolation along one axis to {@code size} samples at pixel-centre positions. */
    static double[] sampleAxis(double[] v, int[] shape, int axis, int size) {
        int n = shape[axis];
        int[] outShape = shape.clone();
        outShape[axis] = size;
        double[] out = new double[outShape[0] * outShape[1] * outShape[2]];
        Layout layout = new Layout(shape, axis);
        Taps taps = new Taps(n, size);
        int inner = layout.inner();
        for (int o = 0; o < layout.outer(); o++) {
            int inBase = o * n * inner;
            int outBase = o * size * inner;
            for (int x = 0; x < size; x++) {
                int i0 = inBase + taps.lower[x] * inner;
                int i1 = inBase + taps.upper[x] * inner;
                int target = outBase + x * inner;
                double w = taps.weight[x];
                for (int r = 0; r < inner; r++) {
                    double a = v[i0 + r];
                    out[target + r] = a + w * (v[i1 + r] - a);
                }
            }
        }
        return out;
    }

    private static double[] gaussian(double sigma) {
        int radius = Math.max(1, (int) (4 * sigma + 0.5));
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int t = -radius; t <= radius; t++) {
            kernel[t + radius] = Math.exp(-0.5 * t * t / (sigma * sigma));
            sum += kernel[t + radius];
        }
        for (int t = 0; t < kernel.length; t++) {
            kernel[t] /= sum;
        }
        return kernel;
    }

    /**
     * A volume seen along one axis as {@code outer x n x inner} (x fastest): {@code inner} is the
     * product of the sizes before the axis, so that the innermost loops run over contiguous memory
     * (a loop along the axis itself would stride over whole planes for z).
     */
    private record Layout(int inner, int outer) {
        Layout(int[] shape, int axis) {
            this(
                    axis == 0 ? 1 : axis == 1 ? shape[0] : shape[0] * shape[1],
                    axis == 0 ? shape[1] * shape[2] : axis == 1 ? shape[2] : 1);
        }
    }
}
