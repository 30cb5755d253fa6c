package io.ostflow.phantom;

/** Separable Gaussian blur of a 3-D float volume, in place, with edge clamping. */
final class GaussianBlur {
    private GaussianBlur() {}

    static void blur(float[] volume, int[] shape, double sigma) {
        if (sigma <= 0) {
            return;
        }
        float[] kernel = kernel(sigma);
        int[] strides = {1, shape[0], shape[0] * shape[1]};
        float[] line = new float[Math.max(shape[0], Math.max(shape[1], shape[2]))];
        for (int axis = 0; axis < 3; axis++) {
            blurAxis(volume, shape, strides, axis, kernel, line);
        }
    }

    private static void blurAxis(
            float[] v, int[] shape, int[] strides, int axis, float[] kernel, float[] line) {
        int length = shape[axis];
        int stride = strides[axis];
        int radius = kernel.length / 2;
        int a = (axis + 1) % 3;
        int b = (axis + 2) % 3;
        for (int j = 0; j < shape[b]; j++) {
            for (int i = 0; i < shape[a]; i++) {
                int base = i * strides[a] + j * strides[b];
                for (int k = 0; k < length; k++) {
                    line[k] = v[base + k * stride];
                }
                for (int k = 0; k < length; k++) {
                    float sum = 0;
                    for (int t = -radius; t <= radius; t++) {
                        int source = Math.min(length - 1, Math.max(0, k + t));
                        sum += kernel[t + radius] * line[source];
                    }
                    v[base + k * stride] = sum;
                }
            }
        }
    }

    private static float[] kernel(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int t = -radius; t <= radius; t++) {
            sum += kernel[t + radius] = (float) Math.exp(-t * t / (2 * sigma * sigma));
        }
        for (int t = 0; t < kernel.length; t++) {
            kernel[t] /= sum;
        }
        return kernel;
    }
}
