package io.ostflow.affinity.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Global SSIM of sparse masks against the textbook formula with the authors' ddof quirk. */
public class GlobalSsimTest {
    private final GlobalSsim ssim = GlobalSsim.AUTHORS;

    @Test
    void matchesTheDenseFormulaWithPopulationVariancesAndSampleCovariance() {
        Random random = new Random(3);
        for (int trial = 0; trial < 10; trial++) {
            double[] p = mask(random, 5000);
            double[] q = mask(random, 5000);
            double expected = textbook(p, q);
            assertThat(ssim.ssim(sparse(p), sparse(q))).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void aMaskWithItselfIsSlightlyAboveOneBecauseOfTheDdofQuirk() {
        double[] p = mask(new Random(1), 1000);
        double self = ssim.ssim(sparse(p), sparse(p));
        assertThat(self).isGreaterThan(1).isCloseTo(textbook(p, p), within(1e-12));
    }

    @Test
    void disjointEmptyMasksFollowTheConstants() {
        double[] empty = new double[100];
        // means and variances 0: (C1)(C2) / (C1)(C2) = 1
        assertThat(ssim.ssim(sparse(empty), sparse(empty))).isCloseTo(1, within(1e-12));
    }

    public static double textbook(double[] p, double[] q) {
        int n = p.length;
        double mp = 0, mq = 0;
        for (int i = 0; i < n; i++) {
            mp += p[i] / n;
            mq += q[i] / n;
        }
        double vp = 0, vq = 0, cov = 0;
        for (int i = 0; i < n; i++) {
            vp += (p[i] - mp) * (p[i] - mp) / n; // numpy var: ddof = 0
            vq += (q[i] - mq) * (q[i] - mq) / n;
            cov += (p[i] - mp) * (q[i] - mq) / (n - 1); // numpy cov: ddof = 1
        }
        double c1 = 0.09, c2 = 0.09;
        return (2 * mp * mq + c1) * (2 * cov + c2) / ((mp * mp + mq * mq + c1) * (vp + vq + c2));
    }

    static SparseMask sparse(double[] dense) {
        int n = dense.length;
        double mean = 0;
        for (double v : dense) {
            mean += v / n;
        }
        double variance = 0;
        for (double v : dense) {
            variance += (v - mean) * (v - mean) / n;
        }
        return SparseMask.of(dense, mean, variance);
    }

    private static double[] mask(Random random, int n) {
        double[] m = new double[n];
        int start = random.nextInt(n / 2);
        for (int i = start; i < start + n / 10; i++) {
            m[i] = random.nextInt(3) == 0 ? random.nextDouble() : 1;
        }
        return m;
    }
}
