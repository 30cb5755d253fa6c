package io.ostflow.nifti;

import java.nio.ByteBuffer;

/** {@link Voxels} of int64 voxels (unsigned kept in the signed type, widened on read). */
final class LongVoxels extends Voxels {
    private final long[] values;

    LongVoxels(long[] values) {
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
