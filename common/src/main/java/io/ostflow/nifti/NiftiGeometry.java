package io.ostflow.nifti;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a volume's voxels are in scanner space: spacing (mm), origin (mm) and direction cosines,
 * from the header's best affine as nibabel chooses it (the sform if {@code sform_code > 0}, else
 * the qform if {@code qform_code > 0}, else the pixdim spacing at the origin with no rotation).
 * nnU-Net requires every channel and the label map of a case to agree on these and on the shape.
 *
 * @param spacing length of each voxel axis, mm
 * @param origin position of voxel (0, 0, 0), mm
 * @param direction unit vector of each voxel axis: {@code direction[axis][xyz]}
 */
public record NiftiGeometry(double[] spacing, double[] origin, double[][] direction) {

    /** The geometry a header describes. */
    public static NiftiGeometry of(NiftiHeader header) {
        double[][] affine = affine(header);
        double[] spacing = new double[3];
        double[][] direction = new double[3][3];
        for (int axis = 0; axis < 3; axis++) {
            double norm = 0;
            for (int row = 0; row < 3; row++) {
                norm += affine[row][axis] * affine[row][axis];
            }
            spacing[axis] = Math.sqrt(norm);
            for (int row = 0; row < 3; row++) {
                direction[axis][row] = norm == 0 ? 0 : affine[row][axis] / spacing[axis];
            }
        }
        double[] origin = {affine[0][3], affine[1][3], affine[2][3]};
        return new NiftiGeometry(spacing, origin, direction);
    }

    /**
     * What differs between this geometry and {@code other}, one line per property, empty if they
     * agree. Spacing and origin agree within {@code tolerance} times the larger magnitude (at least
     * 1 mm), direction cosines within {@code tolerance}.
     */
    public List<String> differences(NiftiGeometry other, double tolerance) {
        List<String> differences = new ArrayList<>();
        if (!close(spacing, other.spacing, tolerance)) {
            differences.add("spacing " + format(spacing) + " vs " + format(other.spacing));
        }
        if (!close(origin, other.origin, tolerance)) {
            differences.add("origin " + format(origin) + " vs " + format(other.origin));
        }
        for (int axis = 0; axis < 3; axis++) {
            if (!close(direction[axis], other.direction[axis], tolerance)) {
                differences.add(
                        "direction "
                                + format(direction[0])
                                + format(direction[1])
                                + format(direction[2])
                                + " vs "
                                + format(other.direction[0])
                                + format(other.direction[1])
                                + format(other.direction[2]));
                break;
            }
        }
        return differences;
    }

    private static boolean close(double[] a, double[] b, double tolerance) {
        for (int i = 0; i < a.length; i++) {
            double scale = Math.max(1, Math.max(Math.abs(a[i]), Math.abs(b[i])));
            if (!(Math.abs(a[i] - b[i]) <= tolerance * scale)) {
                return false;
            }
        }
        return true;
    }

    private static String format(double[] values) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", values[i]));
        }
        return s.append(')').toString();
    }

    /** Rows x, y, z of the 3x4 voxel-to-scanner affine. */
    static double[][] affine(NiftiHeader header) {
        if (header.sformCode() > 0) {
            return header.srow();
        }
        double[] pixdim = header.pixdim();
        if (header.qformCode() > 0) {
            return qformAffine(header.quatern(), header.qoffset(), pixdim);
        }
        return new double[][] {{pixdim[1], 0, 0, 0}, {0, pixdim[2], 0, 0}, {0, 0, pixdim[3], 0}};
    }

    /** NIfTI-1's quaternion rule (nifti1.h, method 2), with qfac = pixdim[0] (-1 or else 1). */
    private static double[][] qformAffine(double[] quatern, double[] offset, double[] pixdim) {
        double b = quatern[0];
        double c = quatern[1];
        double d = quatern[2];
        double a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
        double qfac = pixdim[0] == -1 ? -1 : 1;
        double[][] r = {
            {a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
            {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
            {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b}
        };
        double[] scale = {pixdim[1], pixdim[2], qfac * pixdim[3]};
        double[][] affine = new double[3][4];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                affine[row][col] = r[row][col] * scale[col];
            }
            affine[row][3] = offset[row];
        }
        return affine;
    }
}
