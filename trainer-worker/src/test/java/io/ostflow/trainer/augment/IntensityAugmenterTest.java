package io.ostflow.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each intensity augmentation on its own: what it changes, what it keeps, and its seed. */
class IntensityAugmenterTest {
    private static final int[] PATCH = {8, 8, 4};

    private static float[] image() {
        Random random = new Random(9);
        float[] image = new float[8 * 8 * 4];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextGaussian();
        }
        return image;
    }

    private static float[] augmented(Augmentation a, long seed) {
        float[] image = image();
        IntensityAugmenter.apply(image, 0, PATCH, a, new Random(seed));
        return image;
    }

    private static Augmentation only(int which) {
        double[] p = new double[5];
        p[which] = 1;
        return new Augmentation(0, 0, 0, 0, p[0], p[1], p[2], p[3], p[4]);
    }

    @Test
    void switchedOffChangesNothingAndTheSameSeedGivesTheSameResult() {
        assertThat(augmented(Augmentation.none(), 1)).containsExactly(image());
        for (int which = 0; which < 5; which++) {
            float[] a = augmented(only(which), 5);
            assertThat(a)
                    .as("augmentation %d", which)
                    .hasSize(image().length)
                    .containsExactly(augmented(only(which), 5))
                    .isNotEqualTo(image());
        }
    }

    @Test
    void contrastStaysWithinThePatchRangeAndGammaKeepsMeanAndSd() {
        float[] before = image();
        float[] contrast = augmented(only(3), 2);
        float min = min(before);
        float max = -min(negated(before));
        for (float v : contrast) {
            assertThat(v).isBetween(min, max);
        }
        float[] gamma = augmented(only(4), 2);
        assertThat(mean(gamma)).isCloseTo(mean(before), within(1e-4));
        assertThat(sd(gamma)).isCloseTo(sd(before), within(1e-4));
    }

    @Test
    void blurKeepsAConstantImageAndSmoothsNoise() {
        float[] constant = new float[8 * 8 * 4];
        Arrays.fill(constant, 3f);
        IntensityAugmenter.blur(constant, 0, PATCH, 0.8);
        for (float v : constant) {
            assertThat(v).isCloseTo(3f, within(1e-5f));
        }
        float[] noise = image();
        IntensityAugmenter.blur(noise, 0, PATCH, 0.8);
        assertThat(sd(noise)).isLessThan(sd(image()) * 0.8);
    }

    @Test
    void noiseAddsAtMostTheDrawnVariance() {
        float[] zero = new float[10_000];
        IntensityAugmenter.noise(zero, 0, zero.length, 0.05, new Random(1));
        assertThat(sd(zero) * sd(zero)).isCloseTo(0.05, within(0.005));
    }

    private static float min(float[] v) {
        float m = Float.POSITIVE_INFINITY;
        for (float x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static float[] negated(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double sd(float[] v) {
        double m = mean(v);
        double s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }
}
