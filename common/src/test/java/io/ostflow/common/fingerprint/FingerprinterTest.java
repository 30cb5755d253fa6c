package io.ostflow.common.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ostflow.common.features.ImageFeature;
import io.ostflow.common.features.LabelFeature;
import io.ostflow.nifti.NiftiDatatype;
import io.ostflow.nifti.NiftiHeader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.Voxels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

/**
 * The whole image and label fingerprint of small volumes against a straightforward reference: the
 * naive resize of {@link ResamplerTest}, then PCA by eigen-decomposition of the sample covariance
 * matrix (n - 1 denominator), sign by the largest |U| entry, scores sorted.
 */
class FingerprinterTest {
    private static final int G = 8;

    @Test
    void imageFeatureMatchesTheNaiveReference() {
        int[] shape = {13, 11, 9};
        NiftiImage image = int16Image(shape, 3, 0.5, 10);
        ImageFeature feature =
                new Fingerprinter(G, 0.75).image("k", "e", image, new int[] {0, 0, 0, 13, 11, 9});

        double[] resized = ResamplerTest.naiveResize(image.toScaledDoubles(), shape, G, true);
        double[] expected = naiveSortedScores(resized, 0.75);

        assertThat(feature.sortedScores()).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(feature.sortedScores()[i])
                    .isCloseTo(expected[i], within(1e-7 * (1 + Math.abs(expected[i]))));
        }
        assertThat(feature.intensity().count())
                .isEqualTo(Arrays.stream(image.toScaledDoubles()).filter(v -> v != 0).count());
    }

    @Test
    void labelFeatureIsTheLinearlyResizedMaskWithItsMoments() {
        int[] shape = {12, 10, 6};
        NiftiImage labels = labelImage(shape);
        LabelFeature feature = new Fingerprinter(G, 0.75).label("k", "e", labels, 2);

        double[] mask = Arrays.stream(labels.toScaledDoubles()).map(v -> v == 2 ? 1 : 0).toArray();
        double[] expected = ResamplerTest.naiveResize(mask, shape, G, false);
        double mean = Arrays.stream(expected).average().orElseThrow();
        double variance =
                Arrays.stream(expected).map(v -> (v - mean) * (v - mean)).sum() / expected.length;

        assertThat(feature.resizedMask()).hasSize(G * G * G);
        for (int i = 0; i < expected.length; i++) {
            assertThat(feature.resizedMask()[i]).isCloseTo(expected[i], within(1e-12));
        }
        assertThat(feature.mean()).isCloseTo(mean, within(1e-12));
        assertThat(feature.variance()).isCloseTo(variance, within(1e-12));
        assertThat(feature.foregroundVoxels()).isEqualTo((long) Arrays.stream(mask).sum());
    }

    @Test
    void theBoundingBoxCoversTheNonZeroVoxelsOfAllChannels() {
        int[] shape = {6, 5, 4};
        Voxels a = Voxels.allocate(NiftiDatatype.INT16, 120);
        Voxels b = Voxels.allocate(NiftiDatatype.INT16, 120);
        a.set(1 + 6 * (2 + 5 * 1), 5); // (1, 2, 1)
        b.set(4 + 6 * (3 + 5 * 2), 5); // (4, 3, 2)
        NiftiHeader header =
                NiftiHeader.builder().dims(shape).datatype(NiftiDatatype.INT16).build();
        int[] box =
                Fingerprinter.boundingBox(
                        List.of(new NiftiImage(header, a), new NiftiImage(header, b)));
        assertThat(box).containsExactly(1, 2, 1, 5, 4, 3);
    }

    static double[] naiveSortedScores(double[] volume, double fraction) {
        int rows = G * G;
        double[][] m = new double[rows][G];
        for (int i = 0; i < G; i++) {
            for (int j = 0; j < G; j++) {
                for (int k = 0; k < G; k++) {
                    m[i * G + j][k] = volume[i + G * j + G * G * k];
                }
            }
        }
        double[] means = new double[G];
        for (double[] row : m) {
            for (int k = 0; k < G; k++) {
                means[k] += row[k] / rows;
            }
        }
        double[][] cov = new double[G][G];
        for (double[] row : m) {
            for (int a = 0; a < G; a++) {
                for (int b = 0; b < G; b++) {
                    cov[a][b] += (row[a] - means[a]) * (row[b] - means[b]) / (rows - 1);
                }
            }
        }
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(cov));
        double[] values = eigen.getRealEigenvalues();
        Integer[] order = new Integer[G];
        for (int i = 0; i < G; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        double total = Arrays.stream(values).sum();
        List<Double> scores = new ArrayList<>();
        double cumulative = 0;
        for (int c = 0; cumulative <= fraction; c++) {
            cumulative += values[order[c]] / total;
            double[] v = eigen.getEigenvector(order[c]).toArray();
            double[] column = new double[rows];
            int arg = 0;
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < G; k++) {
                    column[r] += (m[r][k] - means[k]) * v[k];
                }
                if (Math.abs(column[r]) > Math.abs(column[arg])) {
                    arg = r;
                }
            }
            double sign = column[arg] < 0 ? -1 : 1;
            for (double s : column) {
                scores.add(sign * s);
            }
        }
        return scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static NiftiImage int16Image(int[] shape, long seed, double slope, double inter) {
        Random random = new Random(seed);
        NiftiHeader header =
                NiftiHeader.builder()
                        .dims(shape)
                        .datatype(NiftiDatatype.INT16)
                        .scaling(slope, inter)
                        .build();
        Voxels voxels = Voxels.allocate(NiftiDatatype.INT16, shape[0] * shape[1] * shape[2]);
        for (int z = 0, i = 0; z < shape[2]; z++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int x = 0; x < shape[0]; x++, i++) {
                    voxels.set(
                            i,
                            100 * Math.sin(0.4 * x + 0.3 * z)
                                    + 50 * Math.cos(0.5 * y * z / 3.0)
                                    + random.nextGaussian() * 5);
                }
            }
        }
        return new NiftiImage(header, voxels);
    }

    private static NiftiImage labelImage(int[] shape) {
        NiftiHeader header =
                NiftiHeader.builder().dims(shape).datatype(NiftiDatatype.UINT8).build();
        Voxels voxels = Voxels.allocate(NiftiDatatype.UINT8, shape[0] * shape[1] * shape[2]);
        for (int z = 0, i = 0; z < shape[2]; z++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int x = 0; x < shape[0]; x++, i++) {
                    double d = Math.hypot(x - 6, y - 5);
                    voxels.set(i, d < 2 ? 1 : d < 4 && z > 1 ? 2 : 0);
                }
            }
        }
        return new NiftiImage(header, voxels);
    }
}
