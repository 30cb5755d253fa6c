package io.ostflow.common.fingerprint;

/**
 * Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method (Jacobi 1846; the
 * threshold variant of Rutishauser). Chosen over QL iteration because it always converges,
 * including on the nearly rank-deficient Gram matrices of upsampled volumes (many equal, near-zero
 * eigenvalues), where commons-math's QL gives up after 30 iterations; and it is accurate to machine
 * precision relative to the matrix norm. Running time O(n^3) per sweep, typically 6 to 10 sweeps (n
 * = 128: about 50 ms).
 */
public final class SymmetricEigen {
    private static final int MAX_SWEEPS = 100;

    private final double[] values;
    private final double[][] vectors;

    /**
     * @param matrix symmetric n x n matrix (only the upper triangle is read); not modified
     */
    public SymmetricEigen(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException("matrix must be square");
            }
            a[i] = matrix[i].clone();
        }
        vectors = new double[n][n];
        for (int i = 0; i < n; i++) {
            vectors[i][i] = 1;
        }
        values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        diagonalise(a);
    }

    /** Eigenvalues, in no particular order. */
    public double[] values() {
        return values.clone();
    }

    /** Eigenvector {@code k} (unit length), belonging to {@code values()[k]}. */
    public double[] vector(int k) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = vectors[i][k];
        }
        return v;
    }

    private void diagonalise(double[][] a) {
        int n = values.length;
        double[] sumOfUpdates = values.clone();
        double[] updates = new double[n];
        for (int sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
            double offDiagonal = 0;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    offDiagonal += Math.abs(a[p][q]);
                }
            }
            if (offDiagonal == 0) {
                return;
            }
            // Early sweeps rotate only large elements; later sweeps everything left.
            double threshold = sweep < 4 ? 0.2 * offDiagonal / (n * n) : 0;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double g = 100 * Math.abs(a[p][q]);
                    if (sweep > 4
                            && Math.abs(values[p]) + g == Math.abs(values[p])
                            && Math.abs(values[q]) + g == Math.abs(values[q])) {
                        a[p][q] = 0; // below the precision of both diagonal entries
                    } else if (Math.abs(a[p][q]) > threshold) {
                        rotate(a, p, q, g, updates);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                sumOfUpdates[i] += updates[i];
                values[i] = sumOfUpdates[i];
                updates[i] = 0;
            }
        }
        throw new IllegalStateException(
                "Jacobi iteration did not converge in " + MAX_SWEEPS + " sweeps");
    }

    /** One Jacobi rotation that annihilates a[p][q]. */
    private void rotate(double[][] a, int p, int q, double g, double[] updates) {
        int n = values.length;
        double h = values[q] - values[p];
        double t;
        if (Math.abs(h) + g == Math.abs(h)) {
            t = a[p][q] / h;
        } else {
            double theta = 0.5 * h / a[p][q];
            t = 1 / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
            if (theta < 0) {
                t = -t;
            }
        }
        double c = 1 / Math.sqrt(1 + t * t);
        double s = t * c;
        double tau = s / (1 + c);
        double shift = t * a[p][q];
        updates[p] -= shift;
        updates[q] += shift;
        values[p] -= shift;
        values[q] += shift;
        a[p][q] = 0;
        for (int j = 0; j < p; j++) {
            turn(a, j, p, j, q, s, tau);
        }
        for (int j = p + 1; j < q; j++) {
            turn(a, p, j, j, q, s, tau);
        }
        for (int j = q + 1; j < n; j++) {
            turn(a, p, j, q, j, s, tau);
        }
        for (int j = 0; j < n; j++) {
            turn(vectors, j, p, j, q, s, tau);
        }
    }

    private static void turn(double[][] m, int i, int j, int k, int l, double s, double tau) {
        double g = m[i][j];
        double h = m[k][l];
        m[i][j] = g - s * (h + g * tau);
        m[k][l] = h + s * (g - h * tau);
    }
}
