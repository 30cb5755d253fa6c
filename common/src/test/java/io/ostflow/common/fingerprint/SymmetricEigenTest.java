package io.ostflow.common.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    @Test
    void reconstructsARandomSymmetricMatrix() {
        double[][] m = randomSymmetric(40, 1);
        assertDecomposes(m, new SymmetricEigen(m), 1e-10);
    }

    @Test
    void convergesOnTheNearlySingularGramMatrixOfAnUpsampledVolume() {
        // 78 slices interpolated to 128: rank at most 78, many equal near-zero eigenvalues. This is
        // the matrix on which commons-math's QL iteration failed to converge.
        int g = 128;
        double[] volume =
                Resampler.resize(
                        randomVolume(new int[] {20, 20, 78}, 2), new int[] {20, 20, 78}, g, true);
        double[][] gram = new double[g][g];
        int plane = g * g;
        for (int a = 0; a < g; a++) {
            for (int b = a; b < g; b++) {
                double dot = 0;
                for (int r = 0; r < plane; r++) {
                    dot += volume[a * plane + r] * volume[b * plane + r];
                }
                gram[a][b] = dot;
                gram[b][a] = dot;
            }
        }
        SymmetricEigen eigen = new SymmetricEigen(gram);
        assertDecomposes(gram, eigen, 1e-9);
        long nearZero =
                Arrays.stream(eigen.values())
                        .filter(
                                v ->
                                        Math.abs(v)
                                                < 1e-6
                                                        * Arrays.stream(eigen.values())
                                                                .max()
                                                                .orElseThrow())
                        .count();
        assertThat(nearZero).isGreaterThan(20);
    }

    @Test
    void aDiagonalMatrixIsItsOwnDecomposition() {
        double[][] m = {{3, 0, 0}, {0, 1, 0}, {0, 0, 2}};
        SymmetricEigen eigen = new SymmetricEigen(m);
        assertThat(eigen.values()).containsExactly(3, 1, 2);
        assertThat(eigen.vector(2)).containsExactly(0, 0, 1);
    }

    /** ||A v - lambda v|| small and V orthonormal. */
    private static void assertDecomposes(double[][] m, SymmetricEigen eigen, double tolerance) {
        int n = m.length;
        double norm = 0;
        for (double[] row : m) {
            for (double x : row) {
                norm = Math.max(norm, Math.abs(x));
            }
        }
        double[] values = eigen.values();
        for (int k = 0; k < n; k++) {
            double[] v = eigen.vector(k);
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) {
                    av += m[i][j] * v[j];
                }
                assertThat(av).isCloseTo(values[k] * v[i], within(tolerance * norm * n));
            }
            for (int l = k; l < n; l++) {
                double dot = 0;
                double[] w = eigen.vector(l);
                for (int i = 0; i < n; i++) {
                    dot += v[i] * w[i];
                }
                assertThat(dot).isCloseTo(k == l ? 1 : 0, within(1e-10));
            }
        }
    }

    private static double[][] randomSymmetric(int n, long seed) {
        Random random = new Random(seed);
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                m[i][j] = m[j][i] = random.nextGaussian();
            }
        }
        return m;
    }

    private static double[] randomVolume(int[] shape, long seed) {
        Random random = new Random(seed);
        double[] v = new double[shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble();
        }
        return v;
    }
}
