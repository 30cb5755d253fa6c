package io.ostflow.nifti;

import java.nio.ByteBuffer;

/**
 * Voxel values in one compact primitive array of their stored type (a 240x240x155 int16 volume is
 * 17.9 MB, not the 143 MB of a {@code double[][][]}). Index order is NIfTI's: x fastest.
 *
 * <p>Unsigned types are kept in the signed Java type of the same width and widened on read.
 *
 * <p>Over 300 lines because it holds one small read, write and widen branch per NIfTI datatype
 * (eleven of them) so that the typed arrays never leave this class.
 */
public abstract sealed class Voxels {
    private final NiftiDatatype datatype;

    private Voxels(NiftiDatatype datatype) {
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
            case UINT8, INT8 -> new Bytes(type, new byte[count]);
            case INT16, UINT16 -> new Shorts(type, new short[count]);
            case INT32, UINT32 -> new Ints(type, new int[count]);
            case INT64 -> new Longs(new long[count]);
            case FLOAT32 -> new Floats(new float[count]);
            case FLOAT64 -> new Doubles(new double[count]);
        };
    }

    public static Voxels ofInt16(short[] values) {
        return new Shorts(NiftiDatatype.INT16, values);
    }

    public static Voxels ofUint8(byte[] values) {
        return new Bytes(NiftiDatatype.UINT8, values);
    }

    public static Voxels ofFloat32(float[] values) {
        return new Floats(values);
    }

    public static Voxels ofFloat64(double[] values) {
        return new Doubles(values);
    }

    private static long saturate(double value, long min, long max) {
        if (Double.isNaN(value)) {
            return 0;
        }
        return Math.max(min, Math.min(max, Math.round(value)));
    }

    static final class Bytes extends Voxels {
        private final byte[] values;
        private final boolean unsigned;

        Bytes(NiftiDatatype type, byte[] values) {
            super(type);
            this.values = values;
            this.unsigned = type == NiftiDatatype.UINT8;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public double get(int index) {
            return unsigned ? values[index] & 0xFF : values[index];
        }

        @Override
        public void set(int index, double value) {
            values[index] =
                    (byte) (unsigned ? saturate(value, 0, 255) : saturate(value, -128, 127));
        }

        @Override
        public Object array() {
            return values;
        }

        @Override
        void decode(ByteBuffer source, int offset, int count) {
            source.get(values, offset, count);
        }

        @Override
        void encode(ByteBuffer target, int offset, int count) {
            target.put(values, offset, count);
        }
    }

    static final class Shorts extends Voxels {
        private final short[] values;
        private final boolean unsigned;

        Shorts(NiftiDatatype type, short[] values) {
            super(type);
            this.values = values;
            this.unsigned = type == NiftiDatatype.UINT16;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public double get(int index) {
            return unsigned ? values[index] & 0xFFFF : values[index];
        }

        @Override
        public void set(int index, double value) {
            values[index] =
                    (short)
                            (unsigned
                                    ? saturate(value, 0, 65535)
                                    : saturate(value, Short.MIN_VALUE, Short.MAX_VALUE));
        }

        @Override
        public Object array() {
            return values;
        }

        @Override
        void decode(ByteBuffer source, int offset, int count) {
            source.asShortBuffer().get(values, offset, count);
            source.position(source.position() + 2 * count);
        }

        @Override
        void encode(ByteBuffer target, int offset, int count) {
            target.asShortBuffer().put(values, offset, count);
            target.position(target.position() + 2 * count);
        }
    }

    static final class Ints extends Voxels {
        private final int[] values;
        private final boolean unsigned;

        Ints(NiftiDatatype type, int[] values) {
            super(type);
            this.values = values;
            this.unsigned = type == NiftiDatatype.UINT32;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public double get(int index) {
            return unsigned ? Integer.toUnsignedLong(values[index]) : values[index];
        }

        @Override
        public void set(int index, double value) {
            values[index] =
                    (int)
                            (unsigned
                                    ? saturate(value, 0, 0xFFFF_FFFFL)
                                    : saturate(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }

        @Override
        public Object array() {
            return values;
        }

        @Override
        void decode(ByteBuffer source, int offset, int count) {
            source.asIntBuffer().get(values, offset, count);
            source.position(source.position() + 4 * count);
        }

        @Override
        void encode(ByteBuffer target, int offset, int count) {
            target.asIntBuffer().put(values, offset, count);
            target.position(target.position() + 4 * count);
        }
    }

    static final class Longs extends Voxels {
        private final long[] values;

        Longs(long[] values) {
            super(NiftiDatatype.INT64);
            this.values = values;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public double get(int index) {
            return values[index];
        }

        @Override
        public void set(int index, double value) {
            values[index] = saturate(value, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        @Override
        public Object array() {
            return values;
        }

        @Override
        void decode(ByteBuffer source, int offset, int count) {
            source.asLongBuffer().get(values, offset, count);
            source.position(source.position() + 8 * count);
        }

        @Override
        void encode(ByteBuffer target, int offset, int count) {
            target.asLongBuffer().put(values, offset, count);
            target.position(target.position() + 8 * count);
        }
    }

    static final class Floats extends Voxels {
        private final float[] values;

        Floats(float[] values) {
            super(NiftiDatatype.FLOAT32);
            this.values = values;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public double get(int index) {
            return values[index];
        }

        @Override
        public void set(int index, double value) {
            values[index] = (float) value;
        }

        @Override
        public Object array() {
            return values;
        }

        @Override
        void decode(ByteBuffer source, int offset, int count) {
            source.asFloatBuffer().get(values, offset, count);
            source.position(source.position() + 4 * count);
        }

        @Override
        void encode(ByteBuffer target, int offset, int count) {
            target.asFloatBuffer().put(values, offset, count);
            target.position(target.position() + 4 * count);
        }
    }

    static final class Doubles extends Voxels {
        private final double[] values;

        Doubles(double[] values) {
            super(NiftiDatatype.FLOAT64);
            this.values = values;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public double get(int index) {
            return values[index];
        }

        @Override
        public void set(int index, double value) {
            values[index] = value;
        }

        @Override
        public Object array() {
            return values;
        }

        @Override
        void decode(ByteBuffer source, int offset, int count) {
            source.asDoubleBuffer().get(values, offset, count);
            source.position(source.position() + 8 * count);
        }

        @Override
        void encode(ByteBuffer target, int offset, int count) {
            target.asDoubleBuffer().put(values, offset, count);
            target.position(target.position() + 8 * count);
        }
    }
}
