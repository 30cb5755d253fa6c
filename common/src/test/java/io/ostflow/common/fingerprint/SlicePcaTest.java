package io.ostflow.common.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

/**
 * Compares the Gram-matrix PCA with a reference computed the other way, as scikit-learn does: thin
 * SVD of the centred matrix M (rows (i, j) in C order, columns k), svd_flip on U, scores U[:, :k] *
 * S[:k].
 */
class SlicePcaTest {

    @Test
    void matchesTheSvdReferenceComponentCountRatiosAndScores() {
        int g = 10;
        double[] volume = structuredVolume(g, 11);
        SlicePca.Result fast = new SlicePca(0.75).fit(volume, g);
        Reference reference = svdReference(volume, g, 0.75);

        assertThat(fast.components()).isEqualTo(reference.k).isGreaterThan(1);
        for (int c = 0; c < reference.k; c++) {
            assertThat(fast.explainedVariance().get(c))
                    .isCloseTo(reference.ratios[c], within(1e-10));
            for (int i = 0; i < g; i++) {
                for (int j = 0; j < g; j++) {
                    // fast stores row (i, j) at i + g*j; the reference at i*g + j
                    assertThat(fast.scores()[c][i + g * j])
                            .isCloseTo(reference.scores[c][i * g + j], within(1e-8));
                }
            }
        }
    }

    @Test
    void keepsTheSmallestCountStrictlyAboveTheFraction() {
        int g = 8;
        double[] volume = structuredVolume(g, 5);
        Reference reference = svdReference(volume, g, 0.9);
        assertThat(new SlicePca(0.9).fit(volume, g).components()).isEqualTo(reference.k);
        assertThat(new SlicePca(1.0).fit(volume, g).components()).isLessThanOrEqualTo(g);
    }

    @Test
    void aConstantVolumeHasOneZeroComponent() {
        double[] constant = new double[512];
        Arrays.fill(constant, 7);
        SlicePca.Result result = new SlicePca(0.75).fit(constant, 8);
        assertThat(result.components()).isEqualTo(1);
        assertThat(result.scores()[0]).containsOnly(0.0);
    }

    @Test
    void theBlockedGramMatrixEqualsPlainDotProductsBitForBit() {
        // 1,031 rows: two full blocks, a partial one and a tail of three beyond the last four;
        // 7 columns: a pair loop with one column left over
        Random random = new Random(7);
        double[][] columns = new double[7][1031];
        for (double[] column : columns) {
            for (int r = 0; r < column.length; r++) {
                column[r] = random.nextGaussian();
            }
        }
        double[][] gram = SlicePca.gram(columns);
        for (int a = 0; a < 7; a++) {
            for (int b = 0; b < 7; b++) {
                assertThat(gram[a][b]).isEqualTo(plainDot(columns[a], columns[b]));
            }
        }
    }

    /** Four running sums over rows mod 4, the tail into the first, as one pass computes them. */
    private static double plainDot(double[] x, double[] y) {
        double[] s = new double[4];
        int body = x.length - x.length % 4;
        for (int i = 0; i < body; i++) {
            s[i % 4] += x[i] * y[i];
        }
        for (int i = body; i < x.length; i++) {
            s[0] += x[i] * y[i];
        }
        return (s[0] + s[1]) + (s[2] + s[3]);
    }

    @Test
    void rejectsAFractionOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new SlicePca(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlicePca(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A volume with a few strong slice patterns plus noise, so k is between 1 and G. */
    static double[] structuredVolume(int g, long seed) {
        Random random = new Random(seed);
        double[] v = new double[g * g * g];
        double[][] patterns = new double[3][g * g];
        for (double[] p : patterns) {
            for (int r = 0; r < p.length; r++) {
                p[r] = random.nextGaussian();
            }
        }
        for (int k = 0; k < g; k++) {
            double a = Math.sin(k), b = Math.cos(0.5 * k), c = 0.3 * k;
            for (int r = 0; r < g * g; r++) {
                v[r + g * g * k] =
                        3 * a * patterns[0][r]
                                + 2 * b * patterns[1][r]
                                + c * patterns[2][r]
                                + 0.8 * random.nextGaussian();
            }
        }
        return v;
    }

    record Reference(int k, double[] ratios, double[][] scores) {}

    static Reference svdReference(double[] volume, int g, double fraction) {
        int rows = g * g;
        double[][] m = new double[rows][g];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                for (int k = 0; k < g; k++) {
                    m[i * g + j][k] = volume[i + g * j + g * g * k];
                }
            }
        }
        for (int k = 0; k < g; k++) {
            double mean = 0;
            for (double[] row : m) {
                mean += row[k];
            }
            mean /= rows;
            for (double[] row : m) {
                row[k] -= mean;
            }
        }
        SingularValueDecomposition svd =
                new SingularValueDecomposition(new Array2DRowRealMatrix(m));
        double[] s = svd.getSingularValues();
        RealMatrix u = svd.getU();
        double total = Arrays.stream(s).map(x -> x * x).sum();
        double[] ratios = Arrays.stream(s).map(x -> x * x / total).toArray();
        int k = 0;
        double cumulative = 0;
        while (cumulative <= fraction) {
            cumulative += ratios[k++];
        }
        double[][] scores = new double[k][rows];
        for (int c = 0; c < k; c++) {
            double[] column = u.getColumn(c);
            int arg = 0;
            for (int r = 1; r < rows; r++) {
                if (Math.abs(column[r]) > Math.abs(column[arg])) {
                    arg = r;
                }
            }
            double sign = column[arg] < 0 ? -1 : 1;
            for (int r = 0; r < rows; r++) {
                scores[c][r] = sign * column[r] * s[c];
            }
        }
        return new Reference(k, ratios, scores);
    }
}
