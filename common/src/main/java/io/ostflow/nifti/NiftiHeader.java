package io.ostflow.nifti;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The fields of a NIfTI-1 or NIfTI-2 header that ostflow reads, keeps and writes back. Fields not
 * kept here (intent parameters, slice timing, cal_min/max ...) are written as zero.
 *
 * <p>Immutable; build one with {@link #builder()} or {@link #toBuilder()}.
 *
 * <p>{@link NiftiHeaderBuilder} builds one field by field.
 */
public final class NiftiHeader {
    /** Size of the NIfTI-1 header in bytes ({@code sizeof_hdr}). */
    public static final int NIFTI1_HEADER_SIZE = 348;

    /** Size of the NIfTI-2 header in bytes ({@code sizeof_hdr}). */
    public static final int NIFTI2_HEADER_SIZE = 540;

    private final int version;
    private final ByteOrder byteOrder;
    private final long[] dims;
    private final NiftiDatatype datatype;
    private final double[] pixdim;
    private final long voxOffset;
    private final double sclSlope;
    private final double sclInter;
    private final int qformCode;
    private final int sformCode;
    private final double[] quatern;
    private final double[] qoffset;
    private final double[][] srow;
    private final int xyztUnits;
    private final String description;

    NiftiHeader(NiftiHeaderBuilder b) {
        if (b.version != 1 && b.version != 2) {
            throw new IllegalArgumentException("NIfTI version must be 1 or 2, was " + b.version);
        }
        if (b.dims == null || b.dims.length < 1 || b.dims.length > 7) {
            throw new IllegalArgumentException("1 to 7 dimensions are required");
        }
        for (long dim : b.dims) {
            if (dim < 1) {
                throw new IllegalArgumentException(
                        "dimensions must be >= 1: " + Arrays.toString(b.dims));
            }
        }
        this.version = b.version;
        this.byteOrder = Objects.requireNonNull(b.byteOrder, "byteOrder");
        this.dims = b.dims.clone();
        this.datatype = Objects.requireNonNull(b.datatype, "datatype");
        this.pixdim = b.pixdim.clone();
        this.voxOffset = b.voxOffset;
        this.sclSlope = b.sclSlope;
        this.sclInter = b.sclInter;
        this.qformCode = b.qformCode;
        this.sformCode = b.sformCode;
        this.quatern = b.quatern.clone();
        this.qoffset = b.qoffset.clone();
        this.srow = new double[][] {b.srow[0].clone(), b.srow[1].clone(), b.srow[2].clone()};
        this.xyztUnits = b.xyztUnits;
        this.description = b.description == null ? "" : b.description;
    }

    public static NiftiHeaderBuilder builder() {
        return new NiftiHeaderBuilder();
    }

    public NiftiHeaderBuilder toBuilder() {
        NiftiHeaderBuilder b = new NiftiHeaderBuilder();
        b.version = version;
        b.byteOrder = byteOrder;
        b.dims = dims.clone();
        b.datatype = datatype;
        b.pixdim = pixdim.clone();
        b.voxOffset = voxOffset;
        b.sclSlope = sclSlope;
        b.sclInter = sclInter;
        b.qformCode = qformCode;
        b.sformCode = sformCode;
        b.quatern = quatern.clone();
        b.qoffset = qoffset.clone();
        b.srow = new double[][] {srow[0].clone(), srow[1].clone(), srow[2].clone()};
        b.xyztUnits = xyztUnits;
        b.description = description;
        return b;
    }

    /** 1 for NIfTI-1, 2 for NIfTI-2. */
    public int version() {
        return version;
    }

    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** The sizes of the used dimensions, {@code dim[1..dim[0]]}. */
    public long[] dims() {
        return dims.clone();
    }

    /** Size of dimension {@code axis} (0-based), 1 beyond the used ones. */
    public int dim(int axis) {
        return axis < dims.length ? (int) dims[axis] : 1;
    }

    public int rank() {
        return dims.length;
    }

    public NiftiDatatype datatype() {
        return datatype;
    }

    /** All eight {@code pixdim} entries; {@code pixdim[0]} is the qform handedness (qfac). */
    public double[] pixdim() {
        return pixdim.clone();
    }

    /** Byte offset of the voxel data in the (decompressed) file. */
    public long voxOffset() {
        return voxOffset;
    }

    public double sclSlope() {
        return sclSlope;
    }

    public double sclInter() {
        return sclInter;
    }

    /**
     * Whether voxel values must be scaled: the NIfTI rule is that a zero (or, defensively, a
     * non-finite) slope means "no scaling".
     */
    public boolean hasScaling() {
        return sclSlope != 0 && Double.isFinite(sclSlope) && Double.isFinite(sclInter);
    }

    public int qformCode() {
        return qformCode;
    }

    public int sformCode() {
        return sformCode;
    }

    /** Quaternion parameters b, c, d of the qform. */
    public double[] quatern() {
        return quatern.clone();
    }

    /** Offsets x, y, z of the qform. */
    public double[] qoffset() {
        return qoffset.clone();
    }

    /** The three rows of the sform affine, 4 values each. */
    public double[][] srow() {
        return new double[][] {srow[0].clone(), srow[1].clone(), srow[2].clone()};
    }

    public int xyztUnits() {
        return xyztUnits;
    }

    public String description() {
        return description;
    }

    /** Number of voxels, the product of the used dimensions. */
    public long voxelCount() {
        long count = 1;
        for (long dim : dims) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** Size in bytes of the voxel data. */
    public long dataBytes() {
        return Math.multiplyExact(voxelCount(), datatype.bytes());
    }

    /** Header size for this version, without the 4 extension-flag bytes. */
    public int headerSize() {
        return version == 1 ? NIFTI1_HEADER_SIZE : NIFTI2_HEADER_SIZE;
    }

    @Override
    public String toString() {
        return "NIfTI-"
                + version
                + " "
                + datatype.label()
                + " "
                + Arrays.toString(dims)
                + " ("
                + byteOrder
                + ")";
    }
}
