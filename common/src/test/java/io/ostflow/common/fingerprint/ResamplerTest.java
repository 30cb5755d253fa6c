package io.ostflow.common.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks the separable resize against a direct 3-D implementation written out in full here. */
class ResamplerTest {

    @Test
    void shrinkingWithAntiAliasingMatchesTheDirectDefinition() {
        int[] shape = {23, 17, 11};
        double[] volume = random(shape, 1);
        double[] fast = Resampler.resize(volume, shape, 8, true);
        double[] naive = naiveResize(volume, shape, 8, true);
        assertThat(fast).hasSize(512);
        for (int i = 0; i < fast.length; i++) {
            assertThat(fast[i]).isCloseTo(naive[i], within(1e-9));
        }
    }

    @Test
    void growingInterpolatesWithoutSmoothing() {
        int[] shape = {5, 4, 3};
        double[] volume = random(shape, 2);
        double[] fast = Resampler.resize(volume, shape, 9, true);
        double[] naive = naiveResize(volume, shape, 9, false);
        for (int i = 0; i < fast.length; i++) {
            assertThat(fast[i]).isCloseTo(naive[i], within(1e-12));
        }
    }

    @Test
    void aConstantVolumeStaysConstantAndTheSameSizeIsTheIdentity() {
        int[] shape = {6, 6, 6};
        double[] constant = new double[216];
        Arrays.fill(constant, 3.5);
        for (double v : Resampler.resize(constant, shape, 4, true)) {
            assertThat(v).isCloseTo(3.5, within(1e-12));
        }
        double[] volume = random(shape, 3);
        assertThat(Resampler.resize(volume, shape, 6, true)).containsExactly(volume);
    }

    @Test
    void theContiguousAxisPassesEqualALineByLineLoopBitForBit() {
        int[] shape = {19, 13, 7};
        double[] volume = random(shape, 4);
        for (int g : new int[] {5, 16}) {
            assertThat(Resampler.resize(volume, shape, g, true))
                    .containsExactly(lineByLine(volume, shape, g));
        }
    }

    @Test
    void interpolatingWithinTheSupportEqualsTheWholeResizeBitForBit() {
        int[] shape = {21, 14, 9};
        double[] mask = new double[21 * 14 * 9];
        int[] support = {6, 3, 2, 11, 9, 7};
        Random random = new Random(5);
        for (int z = support[2]; z < support[5]; z++) {
            for (int y = support[1]; y < support[4]; y++) {
                for (int x = support[0]; x < support[3]; x++) {
                    mask[x + 21 * (y + 14 * z)] = random.nextInt(2);
                }
            }
        }
        for (int g : new int[] {4, 16, 32}) {
            assertThat(Resampler.interpolate(mask, shape, g, support))
                    .as("grid %d", g)
                    .containsExactly(Resampler.resize(mask, shape, g, false));
        }
        assertThat(
                        Resampler.interpolate(
                                new double[21 * 14 * 9], shape, 4, new int[] {0, 0, 0, -1, -1, -1}))
                .containsOnly(0.0)
                .hasSize(64);
    }

    /**
     * The order of operations of a loop along each line (smooth, then sample, axis by axis), which
     * the features stored before the contiguous passes were computed with.
     */
    static double[] lineByLine(double[] v, int[] shape, int g) {
        int[] current = shape.clone();
        for (int axis = 0; axis < 3; axis++) {
            int n = current[axis];
            double f = (double) n / g;
            int[] strides = {1, current[0], current[0] * current[1]};
            int a = (axis + 1) % 3;
            int b = (axis + 2) % 3;
            if (f > 1) {
                double sigma = (f - 1) / 2;
                int radius = Math.max(1, (int) (4 * sigma + 0.5));
                double[] kernel = new double[2 * radius + 1];
                double total = 0;
                for (int t = -radius; t <= radius; t++) {
                    kernel[t + radius] = Math.exp(-0.5 * t * t / (sigma * sigma));
                    total += kernel[t + radius];
                }
                for (int t = 0; t < kernel.length; t++) {
                    kernel[t] /= total;
                }
                double[] smoothed = new double[v.length];
                for (int i = 0; i < current[a]; i++) {
                    for (int j = 0; j < current[b]; j++) {
                        int base = i * strides[a] + j * strides[b];
                        for (int k = 0; k < n; k++) {
                            double sum = 0;
                            for (int t = -radius; t <= radius; t++) {
                                int source = Math.min(n - 1, Math.max(0, k + t));
                                sum += kernel[t + radius] * v[base + source * strides[axis]];
                            }
                            smoothed[base + k * strides[axis]] = sum;
                        }
                    }
                }
                v = smoothed;
            }
            int[] next = current.clone();
            next[axis] = g;
            int[] outStrides = {1, next[0], next[0] * next[1]};
            double[] out = new double[next[0] * next[1] * next[2]];
            for (int i = 0; i < current[a]; i++) {
                for (int j = 0; j < current[b]; j++) {
                    int in = i * strides[a] + j * strides[b];
                    int o = i * outStrides[a] + j * outStrides[b];
                    for (int x = 0; x < g; x++) {
                        double p = Math.min(n - 1, Math.max(0, (x + 0.5) * f - 0.5));
                        int i0 = Math.min((int) Math.floor(p), n - 1);
                        int i1 = Math.min(i0 + 1, n - 1);
                        double lo = v[in + i0 * strides[axis]];
                        double hi = v[in + i1 * strides[axis]];
                        out[o + x * outStrides[axis]] = lo + (p - i0) * (hi - lo);
                    }
                }
            }
            v = out;
            current = next;
        }
        return v;
    }

    /** skimage-style resize written directly: 3-D Gaussian (product kernel), then trilinear. */
    static double[] naiveResize(double[] v, int[] shape, int g, boolean antiAlias) {
        double[] sigma = new double[3];
        for (int a = 0; a < 3; a++) {
            double f = (double) shape[a] / g;
            sigma[a] = antiAlias && f > 1 ? (f - 1) / 2 : 0;
        }
        double[] smooth = new double[v.length];
        int[] r = new int[3];
        for (int a = 0; a < 3; a++) {
            r[a] = sigma[a] > 0 ? Math.max(1, (int) (4 * sigma[a] + 0.5)) : 0;
        }
        for (int z = 0; z < shape[2]; z++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int x = 0; x < shape[0]; x++) {
                    double sum = 0;
                    double norm = 0;
                    for (int dz = -r[2]; dz <= r[2]; dz++) {
                        for (int dy = -r[1]; dy <= r[1]; dy++) {
                            for (int dx = -r[0]; dx <= r[0]; dx++) {
                                double w =
                                        weight(dx, sigma[0])
                                                * weight(dy, sigma[1])
                                                * weight(dz, sigma[2]);
                                int sx = clamp(x + dx, shape[0]);
                                int sy = clamp(y + dy, shape[1]);
                                int sz = clamp(z + dz, shape[2]);
                                sum += w * v[sx + shape[0] * (sy + shape[1] * sz)];
                                norm += w;
                            }
                        }
                    }
                    smooth[x + shape[0] * (y + shape[1] * z)] = sum / norm;
                }
            }
        }
        double[] out = new double[g * g * g];
        for (int z = 0; z < g; z++) {
            for (int y = 0; y < g; y++) {
                for (int x = 0; x < g; x++) {
                    double px = position(x, shape[0], g);
                    double py = position(y, shape[1], g);
                    double pz = position(z, shape[2], g);
                    out[x + g * (y + g * z)] = trilinear(smooth, shape, px, py, pz);
                }
            }
        }
        return out;
    }

    private static double weight(int d, double sigma) {
        return sigma == 0 ? (d == 0 ? 1 : 0) : Math.exp(-0.5 * d * d / (sigma * sigma));
    }

    private static double position(int out, int in, int g) {
        double f = (double) in / g;
        return Math.min(in - 1, Math.max(0, (out + 0.5) * f - 0.5));
    }

    private static double trilinear(double[] v, int[] s, double px, double py, double pz) {
        int x0 = (int) Math.floor(px);
        int y0 = (int) Math.floor(py);
        int z0 = (int) Math.floor(pz);
        double sum = 0;
        for (int c = 0; c < 8; c++) {
            int x = Math.min(x0 + (c & 1), s[0] - 1);
            int y = Math.min(y0 + ((c >> 1) & 1), s[1] - 1);
            int z = Math.min(z0 + ((c >> 2) & 1), s[2] - 1);
            double wx = (c & 1) == 1 ? px - x0 : 1 - (px - x0);
            double wy = ((c >> 1) & 1) == 1 ? py - y0 : 1 - (py - y0);
            double wz = ((c >> 2) & 1) == 1 ? pz - z0 : 1 - (pz - z0);
            sum += wx * wy * wz * v[x + s[0] * (y + s[1] * z)];
        }
        return sum;
    }

    private static int clamp(int i, int n) {
        return Math.min(n - 1, Math.max(0, i));
    }

    static double[] random(int[] shape, long seed) {
        Random random = new Random(seed);
        double[] v = new double[shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble() * 100;
        }
        return v;
    }
}
