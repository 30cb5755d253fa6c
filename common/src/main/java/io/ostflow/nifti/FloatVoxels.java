package io.ostflow.nifti;

import java.nio.ByteBuffer;

/** {@link Voxels} of float32 voxels (unsigned kept in the signed type, widened on read). */
final class FloatVoxels extends Voxels {
    private final float[] values;

    FloatVoxels(float[] values) {
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
