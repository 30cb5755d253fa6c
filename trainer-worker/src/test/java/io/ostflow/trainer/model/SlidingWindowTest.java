package io.ostflow.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sliding windows put every voxel back where it came from. */
class SlidingWindowTest {

    @ParameterizedTest(name = "case {0}x{1}x{2}, window {3}x{4}x{5}, mirroring {6}")
    @CsvSource({
        "37, 29, 11, 16, 16, 1, false", // 2-D slices, case larger than the window
        "37, 29, 11, 16, 16, 1, true",
        "10, 12, 5, 16, 16, 1, false", // case smaller than the window: padded
        "21, 18, 13, 8, 8, 8, true", // 3-D boxes
        "16, 16, 8, 16, 16, 8, false" // exactly one window
    })
    void anIdentityNetworkReproducesItsInputExactly(
            int sx, int sy, int sz, int px, int py, int pz, boolean mirror) {
        float[] image = new float[sx * sy * sz];
        Random random = new Random(sx);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextGaussian();
        }
        SlidingWindow window = new SlidingWindow(new int[] {px, py, pz}, 0.5, mirror, 3);
        float[] out =
                window.predict(image, new int[] {sx, sy, sz}, (patches, batch) -> patches.clone());
        assertThat(out).containsExactly(image);
    }

    @ParameterizedTest(name = "overlap {0}")
    @CsvSource({"0", "0.5", "0.75"})
    void aConstantNetworkGivesTheConstantEverywhere(double overlap) {
        float[] image = new float[40 * 30 * 3];
        SlidingWindow window = new SlidingWindow(new int[] {16, 16, 1}, overlap, false, 4);
        float[] out =
                window.predict(
                        image,
                        new int[] {40, 30, 3},
                        (patches, batch) -> {
                            float[] logits = new float[patches.length];
                            Arrays.fill(logits, 2.5f);
                            return logits;
                        });
        for (float v : out) {
            assertThat(v).isEqualTo(2.5f);
        }
    }

    @ParameterizedTest(name = "overlap {0}: {1} windows per axis of 40")
    @CsvSource({"0, 3", "0.5, 4", "0.75, 7"})
    void windowsAreSpreadEvenlyAtMostTheStepApart(double overlap, int perAxis) {
        SlidingWindow window = new SlidingWindow(new int[] {16, 16, 1}, overlap, false, 1);
        assertThat(window.corners(new int[] {40, 40, 1})).hasSize(perAxis * perAxis);
        assertThat(SlidingWindow.gaussian(new int[] {16, 16, 1})).contains(1.0);
    }
}
