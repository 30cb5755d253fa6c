package io.ostflow.common.fingerprint;

import io.ostflow.common.dataset.LabelValues;
import io.ostflow.common.features.ImageFeature;
import io.ostflow.common.features.LabelFeature;
import io.ostflow.common.fingerprint.StageTimes.Stage;
import io.ostflow.nifti.NiftiImage;
import java.util.Arrays;
import java.util.List;

/**
 * Computes the per-volume fingerprints of docs/algorithm.md sections 2 and 3, once per volume: the
 * image feature (anti-aliased resize to G^3, slice PCA, sorted scores) and the label feature (mask
 * resized to G^3 with its mean and variance). Stateless and thread-safe.
 */
public final class Fingerprinter {
    private final int grid;
    private final SlicePca pca;
    private final StageTimes times;

    /**
     * @param grid G, the resize target per axis (the spec's default is 128)
     * @param varianceFraction the cumulative explained-variance fraction to exceed (0.75)
     */
    public Fingerprinter(int grid, double varianceFraction) {
        this(grid, varianceFraction, new StageTimes());
    }

    /**
     * @param grid G, the resize target per axis (the spec's default is 128)
     * @param varianceFraction the cumulative explained-variance fraction to exceed (0.75)
     * @param times where the time of each stage is added
     */
    public Fingerprinter(int grid, double varianceFraction, StageTimes times) {
        if (grid < 2) {
            throw new IllegalArgumentException("grid must be >= 2, was " + grid);
        }
        this.grid = grid;
        this.pca = new SlicePca(varianceFraction);
        this.times = times;
    }

    public int grid() {
        return grid;
    }

    /** Image feature of one channel of one case; {@code boundingBox} is the case's. */
    public ImageFeature image(String key, String etag, NiftiImage image, int[] boundingBox) {
        int[] shape = spatialShape(image);
        double[] voxels = image.toScaledDoubles();
        ImageFeature.IntensityStats stats = intensity(voxels);
        double[] resized =
                times.time(Stage.RESIZE, () -> Resampler.resize(voxels, shape, grid, true));
        SlicePca.Result fit = times.time(Stage.PCA, () -> pca.fit(resized, grid));
        double[] sorted = times.time(Stage.SORT, () -> sortedScores(fit));
        return new ImageFeature(
                key,
                etag,
                shape,
                grid,
                fit.components(),
                fit.explainedVariance(),
                boundingBox,
                stats,
                sorted);
    }

    /** Label feature of the objective whose mask is {@code label == labelValue}. */
    public LabelFeature label(String key, String etag, NiftiImage labels, int labelValue) {
        return label(key, etag, labels, LabelValues.of(labelValue));
    }

    /** Label feature of the objective whose mask is {@code label in values} (a region). */
    public LabelFeature label(String key, String etag, NiftiImage labels, LabelValues values) {
        return times.time(Stage.MASK, () -> maskFeature(key, etag, labels, values));
    }

    private double[] sortedScores(SlicePca.Result fit) {
        double[] sorted = new double[fit.components() * grid * grid];
        for (int c = 0; c < fit.components(); c++) {
            System.arraycopy(fit.scores()[c], 0, sorted, c * grid * grid, grid * grid);
        }
        Arrays.sort(sorted);
        return sorted;
    }

    private LabelFeature maskFeature(
            String key, String etag, NiftiImage labels, LabelValues values) {
        int[] shape = spatialShape(labels);
        int n = labels.voxels().size();
        double[] mask = new double[n];
        long foreground = 0;
        int[] support = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1};
        for (int z = 0, i = 0; z < shape[2]; z++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int x = 0; x < shape[0]; x++, i++) {
                    if (values.contains(labels.scaled(i))) {
                        mask[i] = 1;
                        foreground++;
                        widen(support, x, y, z);
                    }
                }
            }
        }
        double[] resized = Resampler.interpolate(mask, shape, grid, support);
        double mean = 0;
        for (double v : resized) {
            mean += v;
        }
        mean /= resized.length;
        double variance = 0;
        for (double v : resized) {
            variance += (v - mean) * (v - mean);
        }
        variance /= resized.length;
        return new LabelFeature(
                key, etag, values.values(), shape, grid, foreground, mean, variance, resized);
    }

    /**
     * Bounding box of the voxels that are non-zero in any channel: x0, y0, z0, x1, y1, z1 (end
     * exclusive); the whole volume if all are zero.
     */
    public static int[] boundingBox(List<NiftiImage> channels) {
        int[] shape = spatialShape(channels.get(0));
        int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1};
        for (NiftiImage channel : channels) {
            for (int z = 0, i = 0; z < shape[2]; z++) {
                for (int y = 0; y < shape[1]; y++) {
                    for (int x = 0; x < shape[0]; x++, i++) {
                        if (channel.voxels().get(i) != 0) {
                            widen(box, x, y, z);
                        }
                    }
                }
            }
        }
        return box[3] < 0 ? new int[] {0, 0, 0, shape[0], shape[1], shape[2]} : box;
    }

    /** Widens the box x0, y0, z0, x1, y1, z1 (ends exclusive) to hold voxel (x, y, z). */
    private static void widen(int[] box, int x, int y, int z) {
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.min(box[2], z);
        box[3] = Math.max(box[3], x + 1);
        box[4] = Math.max(box[4], y + 1);
        box[5] = Math.max(box[5], z + 1);
    }

    /** The three spatial sizes; a fourth dimension of size 1 is tolerated. */
    public static int[] spatialShape(NiftiImage image) {
        return new int[] {image.header().dim(0), image.header().dim(1), image.header().dim(2)};
    }

    private static ImageFeature.IntensityStats intensity(double[] voxels) {
        long count = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : voxels) {
            if (v != 0) {
                count++;
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (count == 0) {
            return new ImageFeature.IntensityStats(0, 0, 0, 0, 0);
        }
        double mean = sum / count;
        double squares = 0;
        for (double v : voxels) {
            if (v != 0) {
                squares += (v - mean) * (v - mean);
            }
        }
        return new ImageFeature.IntensityStats(count, mean, Math.sqrt(squares / count), min, max);
    }
}
