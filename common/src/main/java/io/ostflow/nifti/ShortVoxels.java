package io.ostflow.nifti;

import java.nio.ByteBuffer;

/**
 * {@link Voxels} of int16 and uint16 voxels (unsigned kept in the signed type, widened on read).
 */
final class ShortVoxels extends Voxels {
    private final short[] values;
    private final boolean unsigned;

    ShortVoxels(NiftiDatatype type, short[] values) {
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
