package io.ostflow.nifti;

import java.nio.ByteBuffer;

/** {@link Voxels} of uint8 and int8 voxels (unsigned kept in the signed type, widened on read). */
final class ByteVoxels extends Voxels {
    private final byte[] values;
    private final boolean unsigned;

    ByteVoxels(NiftiDatatype type, byte[] values) {
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
        values[index] = (byte) (unsigned ? saturate(value, 0, 255) : saturate(value, -128, 127));
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
