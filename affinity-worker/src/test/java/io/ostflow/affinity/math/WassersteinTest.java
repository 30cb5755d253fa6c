package io.ostflow.affinity.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** W1 by quantile merge against the definition: the integral of |F_a(x) - F_b(x)| dx. */
public class WassersteinTest {
    private final Random random = new Random(7);

    @RepeatedTest(20)
    void matchesTheCdfIntegralOnRandomArrays() {
        double[] a = sorted(1 + random.nextInt(300), random.nextDouble() * 5);
        double[] b = sorted(1 + random.nextInt(300), random.nextDouble() * 5 - 2);
        double expected = naive(a, b);
        assertThat(Wasserstein.w1(a, b)).isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
        assertThat(Wasserstein.w1(b, a)).isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
    }

    @Test
    void handlesEqualSizesTiesAndIdenticalDistributions() {
        double[] a = {0, 0, 1, 1, 1, 3};
        double[] b = {0, 1, 1, 2, 2, 2};
        assertThat(Wasserstein.w1(a, b)).isCloseTo(naive(a, b), within(1e-12));
        assertThat(Wasserstein.w1(a, a)).isZero();
        assertThat(Wasserstein.w1(new double[] {0}, new double[] {2, 4}))
                .isCloseTo(3, within(1e-12));
    }

    @Test
    void refusesEmptyDistributions() {
        assertThatThrownBy(() -> Wasserstein.w1(new double[0], new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private double[] sorted(int n, double shift) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] =
                    random.nextInt(4) == 0
                            ? Math.round(random.nextGaussian()) + shift
                            : random.nextGaussian() * 2 + shift;
        }
        Arrays.sort(values);
        return values;
    }

    /** Integral over the union of support points of |F_a - F_b|, with step CDFs. */
    public static double naive(double[] a, double[] b) {
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        double sum = 0;
        for (int k = 0; k + 1 < all.length; k++) {
            double x = all[k];
            sum += Math.abs(cdf(a, x) - cdf(b, x)) * (all[k + 1] - x);
        }
        return sum;
    }

    private static double cdf(double[] values, double x) {
        int count = 0;
        for (double v : values) {
            if (v <= x) {
                count++;
            }
        }
        return (double) count / values.length;
    }
}
