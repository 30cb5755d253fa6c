package io.ostflow.trainer.augment;

import java.util.Random;

/**
 * The intensity half of nnU-Net's augmentations on one image patch, in place: Gaussian noise,
 * Gaussian blur, brightness, contrast and gamma, each with the probability of {@link Augmentation}.
 * Each call consumes the same random values whatever is switched on, so reproducibility does not
 * depend on the other switches. O(patch voxels) per augmentation.
 */
public final class IntensityAugmenter {
    private IntensityAugmenter() {}

    /**
     * @param image patches back to back
     * @param offset start of this patch
     * @param patch x, y, z sizes (z = 1 for a 2-D patch)
     */
    public static void apply(
            float[] image, int offset, int[] patch, Augmentation a, Random random) {
        int n = patch[0] * patch[1] * patch[2];
        double[] u = new double[8];
        for (int k = 0; k < u.length; k++) {
            u[k] = random.nextDouble();
        }
        long noiseSeed = random.nextLong();
        if (u[0] < a.noise()) {
            noise(image, offset, n, 0.1 * u[1], new Random(noiseSeed));
        }
        if (u[2] < a.blur()) {
            blur(image, offset, patch, 0.5 + 0.5 * u[3]);
        }
        if (u[4] < a.brightness()) {
            scale(image, offset, n, 0.75 + 0.5 * u[5]);
        }
        if (u[6] < a.contrast()) {
            contrast(image, offset, n, 0.75 + 0.5 * u[7]);
        }
        double g1 = random.nextDouble();
        double g2 = random.nextDouble();
        double g3 = random.nextDouble();
        if (g1 < a.gamma()) {
            double gamma = g2 < 0.5 ? 0.7 + 0.6 * g2 : 1 + (g2 - 0.5); // half below 1, half above
            gamma(image, offset, n, gamma, g3 < 1.0 / 3);
        }
    }

    static void noise(float[] image, int offset, int n, double variance, Random random) {
        double sd = Math.sqrt(variance);
        for (int i = offset; i < offset + n; i++) {
            image[i] += (float) (random.nextGaussian() * sd);
        }
    }

    static void scale(float[] image, int offset, int n, double factor) {
        for (int i = offset; i < offset + n; i++) {
            image[i] *= (float) factor;
        }
    }

    static void contrast(float[] image, int offset, int n, double factor) {
        double mean = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + n; i++) {
            mean += image[i];
            min = Math.min(min, image[i]);
            max = Math.max(max, image[i]);
        }
        mean /= n;
        for (int i = offset; i < offset + n; i++) {
            float v = (float) ((image[i] - mean) * factor + mean);
            image[i] = Math.max(min, Math.min(max, v));
        }
    }

    /**
     * Gamma on the patch's [min, max] range, then its mean and sd restored (nnU-Net's
     * retain_stats).
     */
    static void gamma(float[] image, int offset, int n, double gamma, boolean inverted) {
        double sign = inverted ? -1 : 1;
        double mean = 0;
        double squares = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + n; i++) {
            double v = sign * image[i];
            mean += v;
            squares += v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        mean /= n;
        double sd = Math.sqrt(Math.max(0, squares / n - mean * mean));
        double range = max - min + 1e-7;
        double newMean = 0;
        double newSquares = 0;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double v = Math.pow((sign * image[offset + i] - min) / range, gamma) * range + min;
            out[i] = v;
            newMean += v;
            newSquares += v * v;
        }
        newMean /= n;
        double newSd = Math.sqrt(Math.max(0, newSquares / n - newMean * newMean));
        for (int i = 0; i < n; i++) {
            double v = newSd > 0 ? (out[i] - newMean) / newSd * sd + mean : out[i];
            image[offset + i] = (float) (sign * v);
        }
    }

    /** Separable Gaussian blur along every axis longer than one voxel, borders clamped. */
    static void blur(float[] image, int offset, int[] patch, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        double total = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
            total += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= total;
        }
        int[] strides = {1, patch[0], patch[0] * patch[1]};
        float[] line = new float[Math.max(patch[0], Math.max(patch[1], patch[2]))];
        for (int axis = 0; axis < 3; axis++) {
            if (patch[axis] < 2) {
                continue;
            }
            int length = patch[axis];
            int stride = strides[axis];
            int lines = patch[0] * patch[1] * patch[2] / length;
            for (int l = 0; l < lines; l++) {
                int start = offset + lineStart(l, axis, patch);
                for (int t = 0; t < length; t++) {
                    line[t] = image[start + t * stride];
                }
                for (int t = 0; t < length; t++) {
                    double v = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int q = Math.max(0, Math.min(length - 1, t + k));
                        v += kernel[k + radius] * line[q];
                    }
                    image[start + t * stride] = (float) v;
                }
            }
        }
    }

    /** Flat index of the first voxel of line l along {@code axis}. */
    private static int lineStart(int l, int axis, int[] patch) {
        return switch (axis) {
            case 0 -> l * patch[0];
            case 1 -> (l % patch[0]) + (l / patch[0]) * patch[0] * patch[1];
            default -> l;
        };
    }
}
