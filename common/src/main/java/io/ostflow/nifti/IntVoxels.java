package io.ostflow.nifti;

import java.nio.ByteBuffer;

/**
 * {@link Voxels} of int32 and uint32 voxels (unsigned kept in the signed type, widened on read).
 */
final class IntVoxels extends Voxels {
    private final int[] values;
    private final boolean unsigned;

    IntVoxels(NiftiDatatype type, int[] values) {
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
