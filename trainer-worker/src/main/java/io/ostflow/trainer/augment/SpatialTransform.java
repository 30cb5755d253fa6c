package io.ostflow.trainer.augment;

import java.util.Random;

/**
 * A linear map from a patch voxel's offset (relative to the patch centre, x y z) to the offset in
 * the case it is sampled from: rotation times scaling times mirroring. The identity cuts the patch
 * out unchanged.
 */
public final class SpatialTransform {
    private static final SpatialTransform IDENTITY =
            new SpatialTransform(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});

    private final double[][] matrix;

    private SpatialTransform(double[][] matrix) {
        this.matrix = matrix;
    }

    public static SpatialTransform identity() {
        return IDENTITY;
    }

    /**
     * Draws the spatial augmentations of one sample. Always consumes the same number of random
     * values, so switching one augmentation off does not change the draws of the others.
     */
    public static SpatialTransform draw(Augmentation a, int dimensions, Random random) {
        double[] mirror = new double[3];
        for (int axis = 0; axis < 3; axis++) {
            boolean flip = random.nextDouble() < a.mirror() && axis < dimensions;
            mirror[axis] = flip ? -1 : 1;
        }
        boolean rotate = random.nextDouble() < a.rotation();
        double[] angles = new double[3];
        for (int axis = 0; axis < 3; axis++) {
            angles[axis] = Math.toRadians((2 * random.nextDouble() - 1) * a.maxDegrees());
        }
        boolean scale = random.nextDouble() < a.scaling();
        double factor =
                Augmentation.MIN_SCALE
                        + random.nextDouble() * (Augmentation.MAX_SCALE - Augmentation.MIN_SCALE);
        if (!rotate) {
            angles = new double[3];
        } else if (dimensions == 2) {
            angles = new double[] {0, 0, angles[2]}; // in plane: about z only
        }
        if (!scale) {
            factor = 1;
        }
        double[][] m = rotation(angles);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                double s = dimensions == 2 && c == 2 ? 1 : factor; // never stretch across slices
                m[r][c] *= s * mirror[c];
            }
        }
        return new SpatialTransform(m);
    }

    /** Rz * Ry * Rx. */
    private static double[][] rotation(double[] angles) {
        double[][] rx = {
            {1, 0, 0},
            {0, Math.cos(angles[0]), -Math.sin(angles[0])},
            {0, Math.sin(angles[0]), Math.cos(angles[0])}
        };
        double[][] ry = {
            {Math.cos(angles[1]), 0, Math.sin(angles[1])},
            {0, 1, 0},
            {-Math.sin(angles[1]), 0, Math.cos(angles[1])}
        };
        double[][] rz = {
            {Math.cos(angles[2]), -Math.sin(angles[2]), 0},
            {Math.sin(angles[2]), Math.cos(angles[2]), 0},
            {0, 0, 1}
        };
        return multiply(rz, multiply(ry, rx));
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] out = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 3; k++) {
                    out[r][c] += a[r][k] * b[k][c];
                }
            }
        }
        return out;
    }

    /** Only axis flips (or nothing): voxels land exactly on voxels, nothing is interpolated. */
    public boolean isGridAligned() {
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                double v = Math.abs(matrix[r][c]);
                if (r == c ? v != 1 : v != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The case offset of patch offset (x, y, z), written into {@code out}. */
    public void apply(double x, double y, double z, double[] out) {
        for (int r = 0; r < 3; r++) {
            out[r] = matrix[r][0] * x + matrix[r][1] * y + matrix[r][2] * z;
        }
    }

    /** The sign of the diagonal entry of axis a (mirroring, for grid-aligned transforms). */
    int sign(int axis) {
        return matrix[axis][axis] < 0 ? -1 : 1;
    }
}
