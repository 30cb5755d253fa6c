package io.ostflow.affinity.math;

import io.ostflow.common.features.LabelFeature;
import io.ostflow.common.features.SparseLabel;
import java.util.Arrays;

/**
 * A resized mask as its non-zero entries only: tumour masks cover a few per cent of the grid, so
 * the dot product of two masks is a merge of two short index lists, O(nnz_p + nnz_q) instead of
 * O(G^3). Mean and population variance are kept from the dense values.
 */
public final class SparseMask {
    private final int size;
    private final int[] indices;
    private final double[] values;
    private final double mean;
    private final double variance;

    private SparseMask(int size, int[] indices, double[] values, double mean, double variance) {
        this.size = size;
        this.indices = indices;
        this.values = values;
        this.mean = mean;
        this.variance = variance;
    }

    public static SparseMask of(LabelFeature feature) {
        return of(feature.resizedMask(), feature.mean(), feature.variance());
    }

    /** A mask as the features bucket stores it, without its dense form. */
    public static SparseMask of(SparseLabel stored) {
        return new SparseMask(
                stored.size(),
                stored.indices(),
                stored.values(),
                stored.meta().mean(),
                stored.meta().variance());
    }

    public static SparseMask of(double[] dense, double mean, double variance) {
        SparseLabel entries = SparseLabel.of(null, dense);
        return new SparseMask(dense.length, entries.indices(), entries.values(), mean, variance);
    }

    /** Sum over all positions of p * q. */
    public double dot(SparseMask other) {
        double sum = 0;
        int i = 0;
        int j = 0;
        while (i < indices.length && j < other.indices.length) {
            int a = indices[i];
            int b = other.indices[j];
            if (a == b) {
                sum += values[i++] * other.values[j++];
            } else if (a < b) {
                i++;
            } else {
                j++;
            }
        }
        return sum;
    }

    public int size() {
        return size;
    }

    public int nonZero() {
        return indices.length;
    }

    public double mean() {
        return mean;
    }

    public double variance() {
        return variance;
    }

    /** Approximate heap footprint, for cache accounting. */
    public long bytes() {
        return 12L * indices.length + 64;
    }

    @Override
    public String toString() {
        return "SparseMask["
                + nonZero()
                + " of "
                + size
                + ", first "
                + Arrays.toString(Arrays.copyOf(indices, Math.min(3, indices.length)))
                + "]";
    }
}
