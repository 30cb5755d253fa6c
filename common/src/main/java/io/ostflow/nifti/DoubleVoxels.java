package io.ostflow.nifti;

import java.nio.ByteBuffer;

/** {@link Voxels} of float64 voxels (unsigned kept in the signed type, widened on read). */
final class DoubleVoxels extends Voxels {
    private final double[] values;

    DoubleVoxels(double[] values) {
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
