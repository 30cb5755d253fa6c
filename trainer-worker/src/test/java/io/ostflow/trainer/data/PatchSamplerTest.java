package io.ostflow.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.trainer.augment.Augmentation;
import io.ostflow.trainer.augment.SpatialTransform;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Patches drawn per iteration: shape, seeds, foreground oversampling, padding, exact masks. */
class PatchSamplerTest {

    /**
     * 20 x 16 x 12 voxels, image = x + 100 y + 10000 z (every voxel tells where it came from), the
     * objective a 2 x 2 x 2 block at (15, 11, 8): 8 of 3,840 voxels.
     */
    static CaseVolume ramp(String id) {
        int[] shape = {20, 16, 12};
        float[] image = new float[20 * 16 * 12];
        float[] mask = new float[image.length];
        for (int z = 0, i = 0; z < 12; z++) {
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 20; x++, i++) {
                    image[i] = x + 100 * y + 10000 * z;
                    mask[i] = x >= 15 && x < 17 && y >= 11 && y < 13 && z >= 8 && z < 10 ? 1 : 0;
                }
            }
        }
        return new CaseVolume(id, shape, image, mask);
    }

    @Test
    void batchesHaveThePatchShapeAndAreReproducibleFromTheSeed() {
        PatchSampler sampler =
                new PatchSampler(
                        List.of(ramp("a")), new int[] {8, 8}, 0.33, Augmentation.nnUNet(2));
        PatchSampler.Batch a = sampler.next(6, new Random(3));
        PatchSampler.Batch b = sampler.next(6, new Random(3));
        assertThat(a.images()).hasSize(6 * 64).containsExactly(b.images());
        assertThat(a.masks()).containsExactly(b.masks());
        assertThat(sampler.next(6, new Random(4)).images()).isNotEqualTo(a.images());
    }

    @Test
    void theLastThirdOfEveryBatchHoldsForegroundAndTheRestIsRandom() {
        PatchSampler sampler =
                new PatchSampler(
                        List.of(ramp("a")), new int[] {4, 4, 4}, 0.33, Augmentation.none());
        Random random = new Random(11);
        int randomWithForeground = 0;
        for (int draw = 0; draw < 200; draw++) {
            PatchSampler.Batch batch = sampler.next(3, random); // round(3 * 0.67) = 2 random
            for (int k = 0; k < 3; k++) {
                boolean foreground = sum(batch.masks(), k * 64, 64) > 0;
                if (k == 2) {
                    assertThat(foreground).as("forced sample of draw %d", draw).isTrue();
                } else if (foreground) {
                    randomWithForeground++;
                }
            }
        }
        // A random 4^3 patch meets the 2^3 block in about 1 of 20 draws; forced ones always do.
        assertThat(randomWithForeground).isLessThan(60);
    }

    @Test
    void withoutAugmentationAPatchIsAnExactCopyOfTheCase() {
        CaseVolume c = ramp("a");
        float[] image = new float[4 * 3 * 2];
        float[] mask = new float[image.length];
        PatchSampler.cut(
                c,
                new int[] {5, 6, 7},
                new int[] {4, 3, 2},
                SpatialTransform.identity(),
                image,
                mask,
                0);
        for (int z = 0, i = 0; z < 2; z++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++, i++) {
                    assertThat(image[i]).isEqualTo(c.image()[c.index(5 + x, 6 + y, 7 + z)]);
                }
            }
        }
    }

    @Test
    void aCaseSmallerThanThePatchIsPaddedWithZerosAndAnEmptyMask() {
        PatchSampler sampler =
                new PatchSampler(List.of(ramp("a")), new int[] {32, 32}, 0, Augmentation.none());
        PatchSampler.Batch batch = sampler.next(1, new Random(1));
        long inside = 0;
        for (float v : batch.images()) {
            inside += v != 0 ? 1 : 0;
        }
        // One 20 x 16 slice inside a 32 x 32 patch (the voxel at (0, 0, 0) is 0 itself).
        assertThat(inside).isBetween(20L * 16 - 1, 20L * 16);
    }

    @Test
    void rotatedAndScaledMasksStayBinary() {
        Augmentation spatialOnly = new Augmentation(0.5, 1, 180, 1, 0, 0, 0, 0, 0);
        PatchSampler sampler =
                new PatchSampler(List.of(ramp("a")), new int[] {8, 8, 8}, 1, spatialOnly);
        Random random = new Random(2);
        double foreground = 0;
        for (int draw = 0; draw < 20; draw++) {
            for (float m : sampler.next(2, random).masks()) {
                assertThat(m).isIn(0f, 1f);
                foreground += m;
            }
        }
        assertThat(foreground).isPositive();
    }

    @Test
    void mirroringFlipsThePatchExactly() {
        CaseVolume c = ramp("a");
        Augmentation mirrorOnly = new Augmentation(1, 0, 0, 0, 0, 0, 0, 0, 0);
        SpatialTransform flip = SpatialTransform.draw(mirrorOnly, 2, new Random(1));
        assertThat(flip.isGridAligned()).isTrue();
        float[] plain = new float[4 * 4];
        float[] flipped = new float[plain.length];
        float[] mask = new float[plain.length];
        int[] corner = {2, 3, 4};
        int[] patch = {4, 4, 1};
        PatchSampler.cut(c, corner, patch, SpatialTransform.identity(), plain, mask, 0);
        PatchSampler.cut(c, corner, patch, flip, flipped, mask, 0);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(flipped[x + 4 * y]).isEqualTo(plain[(3 - x) + 4 * (3 - y)]);
            }
        }
    }

    static double sum(float[] values, int from, int length) {
        double s = 0;
        for (int i = from; i < from + length; i++) {
            s += values[i];
        }
        return s;
    }
}
