package io.ostflow.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 3-D sampling: resampling to a cube, tiles that cover it exactly, seeded patches. */
class PreprocessingTest {

    /** 12 x 10 x 8 voxels, image = x + 2y + 3z (linear), mask = a block near the far corner. */
    private static CaseVolume ramp() {
        int[] shape = {12, 10, 8};
        float[] image = new float[12 * 10 * 8];
        float[] mask = new float[image.length];
        for (int z = 0, i = 0; z < 8; z++) {
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 12; x++, i++) {
                    image[i] = x + 2 * y + 3 * z;
                    mask[i] = x >= 9 && y >= 7 && z >= 5 ? 1 : 0;
                }
            }
        }
        return new CaseVolume("c", shape, image, mask);
    }

    @Test
    void trilinearResamplingToACubeReproducesALinearRamp() {
        CaseVolume cube = Preprocessing.cube(ramp(), 8);
        assertThat(cube.shape()).containsExactly(8, 8, 8);
        // Output voxel i samples the source at (i + .5) f - .5 per axis; away from the clamped
        // border a linear function is reproduced exactly.
        for (int z = 1; z < 7; z++) {
            for (int y = 1; y < 7; y++) {
                for (int x = 1; x < 7; x++) {
                    double px = (x + 0.5) * 12 / 8 - 0.5;
                    double py = (y + 0.5) * 10 / 8 - 0.5;
                    double pz = z;
                    assertThat(cube.image()[x + 8 * (y + 8 * z)])
                            .isCloseTo((float) (px + 2 * py + 3 * pz), within(1e-4f));
                }
            }
        }
        assertThat(sum(cube.mask())).isPositive();
    }

    @Test
    void tilesCoverTheCubeExactlyOnce() {
        CaseVolume cube = Preprocessing.cube(ramp(), 8);
        List<float[][]> tiles = Preprocessing.tiles(cube, 4);
        assertThat(tiles).hasSize(8);
        double total = 0;
        double foreground = 0;
        for (float[][] tile : tiles) {
            assertThat(tile[0]).hasSize(64);
            total += sum(tile[0]);
            foreground += sum(tile[1]);
        }
        assertThat(total).isCloseTo(sum(cube.image()), within(1e-2));
        assertThat(foreground).isEqualTo(sum(cube.mask()));
        // The first tile is the corner block: its first row is the cube's first four voxels.
        assertThat(tiles.get(0)[0])
                .startsWith(cube.image()[0], cube.image()[1], cube.image()[2], cube.image()[3]);
    }

    @Test
    void patchesAreSeededAndEveryThirdHoldsForeground() {
        CaseVolume cube = Preprocessing.cube(ramp(), 8);
        List<float[][]> a = Preprocessing.patches(cube, 4, 9, new Random(5));
        List<float[][]> b = Preprocessing.patches(cube, 4, 9, new Random(5));
        assertThat(a).hasSize(9);
        for (int k = 0; k < 9; k++) {
            assertThat(a.get(k)[0]).containsExactly(b.get(k)[0]);
            if (k % 3 == 0) {
                assertThat(sum(a.get(k)[1])).as("foreground in patch %d", k).isPositive();
            }
        }
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}
