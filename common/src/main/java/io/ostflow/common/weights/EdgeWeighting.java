package io.ostflow.common.weights;

import io.ostflow.common.TaskId;
import io.ostflow.common.events.EdgeWeights;

/**
 * Edge weight and connectivity, docs/algorithm.md section 4 (paper eq. 5): {@code w = alpha*H +
 * beta*R + c}; tasks are connected only if they share the modality or the objective. With {@code
 * minmax} normalisation H and R are first scaled to [0, 1] over all known pairs.
 *
 * <p>Shortest paths (Dijkstra) and Girvan-Newman need weights {@code >= 0}. Since H {@code >= 0} (a
 * Wasserstein distance) and R {@code <= 1} (global SSIM; {@code >= -1}, or {@code >= 0} once
 * scaled), a weight set gives no pair a negative weight, present or future, exactly when {@code
 * alpha >= 0} and {@code c + min(beta * 1, beta * Rmin) >= 0}: {@link #lowestWeight}.
 */
public final class EdgeWeighting {
    private EdgeWeighting() {}

    public static boolean connected(TaskId a, TaskId b) {
        return a.modality().equals(b.modality()) || a.objective().equals(b.objective());
    }

    /** The weight, or null for unconnected tasks (no edge, infinite cost). */
    public static Double weight(
            TaskId a, TaskId b, double h, double r, EdgeWeights weights, Ranges ranges) {
        if (!connected(a, b)) {
            return null;
        }
        double hh = h;
        double rr = r;
        if (EdgeWeights.MINMAX.equals(weights.normalisation())) {
            hh = ranges.scaleH(h);
            rr = ranges.scaleR(r);
        }
        return weights.alpha() * hh + weights.beta() * rr + weights.c();
    }

    /**
     * The least weight that any pair can get under {@code weights}: minus infinity when alpha is
     * negative (H has no upper bound), else {@code c + min(beta, beta * Rmin)} with {@code Rmin} -1
     * for raw SSIM and 0 for min-max scaled R.
     */
    public static double lowestWeight(EdgeWeights weights) {
        if (!(weights.alpha() >= 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        double rMin = EdgeWeights.MINMAX.equals(weights.normalisation()) ? 0 : -1;
        return weights.c() + Math.min(weights.beta(), weights.beta() * rMin);
    }

    /**
     * Fails with the reason when {@code weights} can give some pair a negative weight.
     *
     * @throws IllegalArgumentException naming the weights and the least weight they allow
     */
    public static void requireNonNegative(EdgeWeights weights) {
        double lowest = lowestWeight(weights);
        if (lowest >= 0) {
            return;
        }
        String fix =
                weights.alpha() >= 0
                        ? "take c >= " + (weights.c() - lowest)
                        : "alpha must be >= 0 (H has no upper bound)";
        throw new IllegalArgumentException(
                String.format(
                        "weights v%d (alpha %s, beta %s, c %s, %s) allow a negative edge weight;"
                                + " shortest paths and Girvan-Newman need weights >= 0: %s",
                        weights.version(),
                        weights.alpha(),
                        weights.beta(),
                        weights.c(),
                        weights.normalisation(),
                        fix));
    }

    /** Minimum and maximum of H and R over all known pairs, for min-max normalisation. */
    public record Ranges(double minH, double maxH, double minR, double maxR) {
        public static final Ranges EMPTY =
                new Ranges(
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY);

        public Ranges with(double h, double r) {
            return new Ranges(
                    Math.min(minH, h), Math.max(maxH, h), Math.min(minR, r), Math.max(maxR, r));
        }

        public double scaleH(double h) {
            return maxH > minH ? (h - minH) / (maxH - minH) : 0;
        }

        public double scaleR(double r) {
            return maxR > minR ? (r - minR) / (maxR - minR) : 0;
        }
    }
}
