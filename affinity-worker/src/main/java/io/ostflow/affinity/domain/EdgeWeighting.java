package io.ostflow.affinity.domain;

import io.ostflow.common.TaskId;
import io.ostflow.common.events.EdgeWeights;

/**
 * Edge weight and connectivity, docs/algorithm.md section 4 (paper eq. 5): {@code w = alpha*H +
 * beta*R + c}; tasks are connected only if they share the modality or the objective. With {@code
 * minmax} normalisation H and R are first scaled to [0, 1] over all known pairs.
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

        double scaleH(double h) {
            return maxH > minH ? (h - minH) / (maxH - minH) : 0;
        }

        double scaleR(double r) {
            return maxR > minR ? (r - minR) / (maxR - minR) : 0;
        }
    }
}
