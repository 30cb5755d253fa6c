package io.ostflow.trainer.data;

import io.ostflow.trainer.augment.Augmentation;
import io.ostflow.trainer.augment.IntensityAugmenter;
import io.ostflow.trainer.augment.SpatialTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Draws a fresh batch of training patches per iteration, as nnU-Net does: each sample comes from a
 * random case at a random position of its own voxel grid (2-D: an axial slice; 3-D: a box), the
 * last {@code round(batch * foregroundFraction)} of every batch centred on a random voxel of the
 * objective so that small structures are seen often enough. Where a case is smaller than the patch,
 * the patch is padded with zeros (the background value after z-scoring) and an empty mask. Spatial
 * augmentations are applied while cutting (the image interpolated linearly, the mask taken from the
 * nearest voxel, never interpolated and thresholded), intensity ones afterwards.
 *
 * <p>Not thread-safe; one sampler per training stage. O(batch * patch voxels) per draw.
 */
public final class PatchSampler {
    private final List<CaseVolume> cases;
    private final List<int[]> foreground = new ArrayList<>();
    private final List<Integer> withForeground = new ArrayList<>();
    private final int dimensions;
    private final int[] patch;
    private final double foregroundFraction;
    private final Augmentation augmentation;

    /**
     * @param patch x, y sizes (2-D) or x, y, z sizes (3-D)
     * @param foregroundFraction share of every batch forced to hold foreground (nnU-Net: 0.33)
     */
    public PatchSampler(
            List<CaseVolume> cases,
            int[] patch,
            double foregroundFraction,
            Augmentation augmentation) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("a sampler needs at least one case");
        }
        if (patch.length != 2 && patch.length != 3) {
            throw new IllegalArgumentException("a patch has 2 or 3 sizes");
        }
        if (!(foregroundFraction >= 0 && foregroundFraction <= 1)) {
            throw new IllegalArgumentException("foregroundFraction must be in [0, 1]");
        }
        this.cases = List.copyOf(cases);
        this.dimensions = patch.length;
        this.patch = patch.length == 3 ? patch.clone() : new int[] {patch[0], patch[1], 1};
        this.foregroundFraction = foregroundFraction;
        this.augmentation = augmentation;
        for (int c = 0; c < cases.size(); c++) {
            int[] indices = foregroundIndices(cases.get(c).mask());
            foreground.add(indices);
            if (indices.length > 0) {
                withForeground.add(c);
            }
        }
    }

    /** One batch: images and masks of every sample back to back, x fastest. */
    public record Batch(int size, float[] images, float[] masks) {}

    /** Voxels of one patch. */
    public int patchVoxels() {
        return patch[0] * patch[1] * patch[2];
    }

    /** Draws the next batch. The same seed and calls give the same batches. */
    public Batch next(int batchSize, Random random) {
        int voxels = patchVoxels();
        float[] images = new float[batchSize * voxels];
        float[] masks = new float[images.length];
        int forcedFrom = (int) Math.round(batchSize * (1 - foregroundFraction));
        for (int b = 0; b < batchSize; b++) {
            boolean forced = b >= forcedFrom && !withForeground.isEmpty();
            int c =
                    forced
                            ? withForeground.get(random.nextInt(withForeground.size()))
                            : random.nextInt(cases.size());
            CaseVolume volume = cases.get(c);
            int[] corner =
                    forced
                            ? cornerAround(volume, foreground.get(c), random)
                            : randomCorner(volume, random);
            SpatialTransform transform =
                    augmentation.spatial()
                            ? SpatialTransform.draw(augmentation, dimensions, random)
                            : SpatialTransform.identity();
            cut(volume, corner, patch, transform, images, masks, b * voxels);
            IntensityAugmenter.apply(images, b * voxels, patch, augmentation, random);
        }
        return new Batch(batchSize, images, masks);
    }

    /**
     * A corner drawn uniformly where the patch fits, or so that it covers an axis that is shorter.
     */
    private int[] randomCorner(CaseVolume volume, Random random) {
        int[] s = volume.shape();
        int[] corner = new int[3];
        for (int a = 0; a < 3; a++) {
            int lo = Math.min(0, s[a] - patch[a]);
            int hi = Math.max(0, s[a] - patch[a]);
            corner[a] = lo + random.nextInt(hi - lo + 1);
        }
        return corner;
    }

    /**
     * A corner that centres the patch on a random foreground voxel, moved inside the valid range.
     */
    private int[] cornerAround(CaseVolume volume, int[] foregroundVoxels, Random random) {
        int[] s = volume.shape();
        int v = foregroundVoxels[random.nextInt(foregroundVoxels.length)];
        int[] position = {v % s[0], (v / s[0]) % s[1], v / (s[0] * s[1])};
        int[] corner = new int[3];
        for (int a = 0; a < 3; a++) {
            int lo = Math.min(0, s[a] - patch[a]);
            int hi = Math.max(0, s[a] - patch[a]);
            corner[a] = Math.max(lo, Math.min(hi, position[a] - patch[a] / 2));
        }
        return corner;
    }

    /**
     * Cuts the patch whose unaugmented corner is {@code corner} into {@code images} and {@code
     * masks} at {@code offset}, sampling through {@code transform} about the patch centre.
     */
    public static void cut(
            CaseVolume volume,
            int[] corner,
            int[] patch,
            SpatialTransform transform,
            float[] images,
            float[] masks,
            int offset) {
        int[] s = volume.shape();
        double[] centre = new double[3];
        for (int a = 0; a < 3; a++) {
            centre[a] = corner[a] + (patch[a] - 1) / 2.0;
        }
        double[] d = new double[3];
        int i = offset;
        for (int z = 0; z < patch[2]; z++) {
            for (int y = 0; y < patch[1]; y++) {
                for (int x = 0; x < patch[0]; x++, i++) {
                    transform.apply(
                            x - (patch[0] - 1) / 2.0,
                            y - (patch[1] - 1) / 2.0,
                            z - (patch[2] - 1) / 2.0,
                            d);
                    double px = centre[0] + d[0];
                    double py = centre[1] + d[1];
                    double pz = centre[2] + d[2];
                    images[i] = (float) linear(volume, px, py, pz);
                    masks[i] = nearest(volume, s, px, py, pz);
                }
            }
        }
    }

    private static float nearest(CaseVolume volume, int[] s, double px, double py, double pz) {
        int x = (int) Math.floor(px + 0.5);
        int y = (int) Math.floor(py + 0.5);
        int z = (int) Math.floor(pz + 0.5);
        if (x < 0 || y < 0 || z < 0 || x >= s[0] || y >= s[1] || z >= s[2]) {
            return 0;
        }
        return volume.mask()[volume.index(x, y, z)];
    }

    /** Trilinear interpolation with zeros outside the case; exact at voxel centres. */
    private static double linear(CaseVolume volume, double px, double py, double pz) {
        int[] s = volume.shape();
        int x0 = (int) Math.floor(px);
        int y0 = (int) Math.floor(py);
        int z0 = (int) Math.floor(pz);
        double wx = px - x0;
        double wy = py - y0;
        double wz = pz - z0;
        double v = 0;
        for (int dz = 0; dz < 2; dz++) {
            double fz = dz == 0 ? 1 - wz : wz;
            int z = z0 + dz;
            if (fz == 0 || z < 0 || z >= s[2]) {
                continue;
            }
            for (int dy = 0; dy < 2; dy++) {
                double fy = dy == 0 ? 1 - wy : wy;
                int y = y0 + dy;
                if (fy == 0 || y < 0 || y >= s[1]) {
                    continue;
                }
                for (int dx = 0; dx < 2; dx++) {
                    double fx = dx == 0 ? 1 - wx : wx;
                    int x = x0 + dx;
                    if (fx == 0 || x < 0 || x >= s[0]) {
                        continue;
                    }
                    v += fx * fy * fz * volume.image()[volume.index(x, y, z)];
                }
            }
        }
        return v;
    }

    private static int[] foregroundIndices(float[] mask) {
        return IntStream.range(0, mask.length).filter(i -> mask[i] > 0).toArray();
    }
}
