package io.ostflow.affinity.math;

/**
 * The 1-Wasserstein distance between two 1-D empirical distributions given as sorted arrays
 * (docs/algorithm.md section 2, paper eq. 2; what {@code scipy.stats.wasserstein_distance}
 * computes): the integral of |F_a(x) - F_b(x)| dx, equal to the integral over u in [0, 1] of the
 * distance between the quantile functions, {@code |Q_a(u) - Q_b(u)|}. Both quantile functions are
 * step functions with steps at i/n and j/m, so one merge of the breakpoints gives the exact value.
 * Running time O(n + m), no allocation.
 */
public final class Wasserstein {
    private Wasserstein() {}

    /**
     * @param a values in ascending order, not empty
     * @param b values in ascending order, not empty
     */
    public static double w1(double[] a, double[] b) {
        int n = a.length;
        int m = b.length;
        if (n == 0 || m == 0) {
            throw new IllegalArgumentException("both distributions need at least one value");
        }
        if (n == m) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.abs(a[i] - b[i]);
            }
            return sum / n;
        }
        // Walk the union of breakpoints i/n and j/m in exact integer arithmetic (i*m vs j*n).
        double sum = 0;
        int i = 0;
        int j = 0;
        long previous = 0; // position in units of 1/(n*m)
        while (i < n && j < m) {
            long nextA = (long) (i + 1) * m;
            long nextB = (long) (j + 1) * n;
            long next = Math.min(nextA, nextB);
            sum += (next - previous) * Math.abs(a[i] - b[j]);
            previous = next;
            if (nextA == next) {
                i++;
            }
            if (nextB == next) {
                j++;
            }
        }
        return sum / ((double) n * m);
    }
}
