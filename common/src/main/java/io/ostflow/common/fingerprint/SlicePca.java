package io.ostflow.common.fingerprint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PCA of a G^3 volume seen as a matrix M of G*G rows (voxel position (i, j)) and G columns (slice
 * k), as scikit-learn computes it (docs/algorithm.md section 2.4, paper eq. 1): columns centred,
 * components from the eigen-decomposition ({@link SymmetricEigen}) of M_c^T M_c (the right singular
 * vectors of M_c, with S^2 as eigenvalues), the sign of each component fixed so that the entry of
 * largest absolute value of its column of U is positive, and the smallest k whose cumulative
 * explained-variance ratio is strictly greater than the configured fraction. Scores are U_k S_k =
 * M_c V_k.
 *
 * <p>Running time O(G^4 + G^3 k): the G x G Gram matrix dominates (G = 128: 1.3e8 multiply-adds).
 */
public final class SlicePca {
    private final double varianceFraction;

    /**
     * @param varianceFraction in (0, 1]; the authors keep 0.75
     */
    public SlicePca(double varianceFraction) {
        if (!(varianceFraction > 0 && varianceFraction <= 1)) {
            throw new IllegalArgumentException(
                    "variance fraction must be in (0, 1], was " + varianceFraction);
        }
        this.varianceFraction = varianceFraction;
    }

    /** Scores of the kept components and their explained-variance ratios. */
    public record Result(int components, List<Double> explainedVariance, double[][] scores) {}

    /**
     * @param volume G^3 values, x (i) fastest: row r = i*G + j of M, column k, is {@code volume[i +
     *     G*j + G*G*k]}
     * @param grid G
     */
    public Result fit(double[] volume, int grid) {
        int plane = grid * grid;
        double[][] columns = centredColumns(volume, grid);
        double[][] gram = gram(columns);
        SymmetricEigen eigen = new SymmetricEigen(gram);
        double[] values = eigen.values();
        Integer[] order = new Integer[grid];
        for (int i = 0; i < grid; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order, (a, b) -> Double.compare(Math.max(values[b], 0), Math.max(values[a], 0)));
        double total = 0;
        for (double value : values) {
            total += Math.max(value, 0);
        }
        if (total <= 0) {
            return new Result(1, List.of(0.0), new double[][] {new double[plane]});
        }
        List<Double> ratios = new ArrayList<>();
        double cumulative = 0;
        for (int c = 0; c < grid; c++) {
            double ratio = Math.max(values[order[c]], 0) / total;
            ratios.add(ratio);
            cumulative += ratio;
            if (cumulative > varianceFraction) {
                break;
            }
        }
        int k = ratios.size();
        double[][] scores = new double[k][];
        for (int c = 0; c < k; c++) {
            scores[c] = project(columns, eigen.vector(order[c]), grid);
            fixSign(scores[c], grid);
        }
        return new Result(k, List.copyOf(ratios), scores);
    }

    /** Column k of M (slice k), minus its mean. Row order inside a column is irrelevant here. */
    private static double[][] centredColumns(double[] volume, int grid) {
        int plane = grid * grid;
        double[][] columns = new double[grid][];
        for (int k = 0; k < grid; k++) {
            double[] column = Arrays.copyOfRange(volume, k * plane, (k + 1) * plane);
            double mean = 0;
            for (double v : column) {
                mean += v;
            }
            mean /= plane;
            for (int r = 0; r < plane; r++) {
                column[r] -= mean;
            }
            columns[k] = column;
        }
        return columns;
    }

    /**
     * Rows per block of the Gram matrix: the block of every column (128 x 512 doubles, 512 KB)
     * stays in cache while all pairs use it, instead of streaming 16 MB per column pair.
     */
    private static final int BLOCK = 512;

    /**
     * M_c^T M_c by blocks of rows. Each entry keeps four running sums over rows i = 0, 1, 2, 3 (mod
     * 4) from block to block, so it equals the plain four-accumulator dot product bit for bit (the
     * JIT does not reorder floating-point sums by itself).
     */
    static double[][] gram(double[][] columns) {
        int g = columns.length;
        int n = columns[0].length;
        int body = n - n % 4;
        double[][] sums = new double[g * g][4];
        for (int from = 0; from < body; from += BLOCK) {
            int to = Math.min(body, from + BLOCK);
            for (int a = 0; a < g; a++) {
                double[] x = columns[a];
                int b = a;
                for (; b + 1 < g; b += 2) {
                    accumulatePair(
                            sums[a * g + b],
                            sums[a * g + b + 1],
                            x,
                            columns[b],
                            columns[b + 1],
                            from,
                            to);
                }
                if (b < g) {
                    accumulate(sums[a * g + b], x, columns[b], from, to);
                }
            }
        }
        double[][] gram = new double[g][g];
        for (int a = 0; a < g; a++) {
            for (int b = a; b < g; b++) {
                double[] s = sums[a * g + b];
                for (int i = body; i < n; i++) {
                    s[0] += columns[a][i] * columns[b][i];
                }
                double dot = (s[0] + s[1]) + (s[2] + s[3]);
                gram[a][b] = dot;
                gram[b][a] = dot;
            }
        }
        return gram;
    }

    /**
     * Two entries of one row at once: eight independent sums keep both floating-point adders busy
     * and x is loaded once for both; each entry's sums are those of {@link #accumulate}.
     */
    private static void accumulatePair(
            double[] s, double[] t, double[] x, double[] y, double[] z, int from, int to) {
        double s0 = s[0];
        double s1 = s[1];
        double s2 = s[2];
        double s3 = s[3];
        double t0 = t[0];
        double t1 = t[1];
        double t2 = t[2];
        double t3 = t[3];
        for (int i = from; i < to; i += 4) {
            double x0 = x[i];
            double x1 = x[i + 1];
            double x2 = x[i + 2];
            double x3 = x[i + 3];
            s0 += x0 * y[i];
            s1 += x1 * y[i + 1];
            s2 += x2 * y[i + 2];
            s3 += x3 * y[i + 3];
            t0 += x0 * z[i];
            t1 += x1 * z[i + 1];
            t2 += x2 * z[i + 2];
            t3 += x3 * z[i + 3];
        }
        s[0] = s0;
        s[1] = s1;
        s[2] = s2;
        s[3] = s3;
        t[0] = t0;
        t[1] = t1;
        t[2] = t2;
        t[3] = t3;
    }

    private static void accumulate(double[] s, double[] x, double[] y, int from, int to) {
        double s0 = s[0];
        double s1 = s[1];
        double s2 = s[2];
        double s3 = s[3];
        for (int i = from; i < to; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        s[0] = s0;
        s[1] = s1;
        s[2] = s2;
        s[3] = s3;
    }

    private static double[] project(double[][] columns, double[] direction, int grid) {
        int plane = columns[0].length;
        double[] scores = new double[plane];
        for (int k = 0; k < grid; k++) {
            double weight = direction[k];
            double[] column = columns[k];
            for (int r = 0; r < plane; r++) {
                scores[r] += weight * column[r];
            }
        }
        return scores;
    }

    /**
     * Makes the entry of largest absolute value positive; on ties the first in row order r = i*G +
     * j wins, as numpy's argmax. Storage index {@code i + G*j} holds row {@code i*G + j}.
     */
    private static void fixSign(double[] scores, int grid) {
        double best = -1;
        double sign = 1;
        for (int i = 0; i < grid; i++) {
            for (int j = 0; j < grid; j++) {
                double v = scores[i + grid * j];
                if (Math.abs(v) > best) {
                    best = Math.abs(v);
                    sign = v < 0 ? -1 : 1;
                }
            }
        }
        if (sign < 0) {
            for (int r = 0; r < scores.length; r++) {
                scores[r] = -scores[r];
            }
        }
    }
}
