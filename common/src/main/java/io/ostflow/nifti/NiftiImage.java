package io.ostflow.nifti;

import java.util.Objects;

/**
 * A NIfTI header together with its voxels. Voxel {@code (x, y, z, t)} is at index {@code x + nx*(y
 * + ny*(z + nz*t))}.
 */
public final class NiftiImage {
    private final NiftiHeader header;
    private final Voxels voxels;

    public NiftiImage(NiftiHeader header, Voxels voxels) {
        this.header = Objects.requireNonNull(header, "header");
        this.voxels = Objects.requireNonNull(voxels, "voxels");
        if (header.datatype() != voxels.datatype()) {
            throw new IllegalArgumentException(
                    "header says " + header.datatype() + " but voxels are " + voxels.datatype());
        }
        if (header.voxelCount() != voxels.size()) {
            throw new IllegalArgumentException(
                    "header declares "
                            + header.voxelCount()
                            + " voxels but "
                            + voxels.size()
                            + " were given");
        }
    }

    public NiftiHeader header() {
        return header;
    }

    public Voxels voxels() {
        return voxels;
    }

    /**
     * Voxel {@code index} with {@code scl_slope}/{@code scl_inter} applied (when slope is usable).
     */
    public double scaled(int index) {
        double raw = voxels.get(index);
        return header.hasScaling() ? raw * header.sclSlope() + header.sclInter() : raw;
    }

    /**
     * All voxels as float64 after scaling: the input of the fingerprints (docs/algorithm.md section
     * 2.1).
     */
    public double[] toScaledDoubles() {
        double[] out = new double[voxels.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = scaled(i);
        }
        return out;
    }

    /** All voxels as float32 after scaling. */
    public float[] toScaledFloats() {
        float[] out = new float[voxels.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) scaled(i);
        }
        return out;
    }

    /** Minimum, maximum and mean of the scaled voxels, in one pass. */
    public Statistics statistics() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int n = voxels.size();
        for (int i = 0; i < n; i++) {
            double v = scaled(i);
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return new Statistics(min, max, n == 0 ? Double.NaN : sum / n);
    }

    /** Summary statistics of the scaled voxel values. */
    public record Statistics(double min, double max, double mean) {}
}
