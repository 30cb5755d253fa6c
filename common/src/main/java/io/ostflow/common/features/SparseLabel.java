package io.ostflow.common.features;

/** A label feature as metadata plus its non-zero entries, as stored. */
public record SparseLabel(LabelFeature meta, int size, int[] indices, double[] values) {
    /** The non-zero entries of {@code dense}, in index order. */
    public static SparseLabel of(LabelFeature meta, double[] dense) {
        int nonZero = 0;
        for (double v : dense) {
            if (v != 0) {
                nonZero++;
            }
        }
        int[] indices = new int[nonZero];
        double[] values = new double[nonZero];
        for (int i = 0, k = 0; i < dense.length; i++) {
            if (dense[i] != 0) {
                indices[k] = i;
                values[k++] = dense[i];
            }
        }
        return new SparseLabel(meta, dense.length, indices, values);
    }

    /** The dense mask. */
    public double[] dense() {
        double[] dense = new double[size];
        for (int k = 0; k < indices.length; k++) {
            dense[indices[k]] = values[k];
        }
        return dense;
    }
}
