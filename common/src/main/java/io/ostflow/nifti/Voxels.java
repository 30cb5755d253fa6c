package io.ostflow.nifti;

import java.nio.ByteBuffer;

/**
 * Voxel values in one compact primitive array of their stored type (a 240x240x155 int16 volume is
 * 17.9 MB, not the 143 MB of a {@code double[][][]}). Index order is NIfTI's: x fastest.
 *
 * <p>Unsigned types are kept in the signed Java type of the same width and widened on read.
 *
 * <p>One final subclass per primitive width ({@link ByteVoxels} ... {@link DoubleVoxels}) holds the
 * typed array; it never leaves them.
 */
public abstract sealed class Voxels
        permits ByteVoxels, ShortVoxels, IntVoxels, LongVoxels, FloatVoxels, DoubleVoxels {
    private final NiftiDatatype datatype;

    Voxels(NiftiDatatype datatype) {
        this.datatype = datatype;
    }

    public final NiftiDatatype datatype() {
        return datatype;
    }

    /** Number of voxels. */
    public abstract int size();

    /** The stored (unscaled) value of voxel {@code index}. */
    public abstract double get(int index);

    /** Stores {@code value}, rounded and saturated to the range of integer types. */
    public abstract void set(int index, double value);

    /** The backing array ({@code byte[]}, {@code short[]}, ...); shared, not copied. */
    public abstract Object array();

    /** Decodes {@code count} voxels from {@code source} (positioned, in its byte order). */
    abstract void decode(ByteBuffer source, int offset, int count);

    /** Encodes {@code count} voxels into {@code target} (positioned, in its byte order). */
    abstract void encode(ByteBuffer target, int offset, int count);

    /** Zero-filled voxels of the given type. */
    public static Voxels allocate(NiftiDatatype type, int count) {
        return switch (type) {
            case UINT8, INT8 -> new ByteVoxels(type, new byte[count]);
            case INT16, UINT16 -> new ShortVoxels(type, new short[count]);
            case INT32, UINT32 -> new IntVoxels(type, new int[count]);
            case INT64 -> new LongVoxels(new long[count]);
            case FLOAT32 -> new FloatVoxels(new float[count]);
            case FLOAT64 -> new DoubleVoxels(new double[count]);
        };
    }

    public static Voxels ofInt16(short[] values) {
        return new ShortVoxels(NiftiDatatype.INT16, values);
    }

    public static Voxels ofUint8(byte[] values) {
        return new ByteVoxels(NiftiDatatype.UINT8, values);
    }

    public static Voxels ofFloat32(float[] values) {
        return new FloatVoxels(values);
    }

    public static Voxels ofFloat64(double[] values) {
        return new DoubleVoxels(values);
    }

    static long saturate(double value, long min, long max) {
        if (Double.isNaN(value)) {
            return 0;
        }
        return Math.max(min, Math.min(max, Math.round(value)));
    }
}
