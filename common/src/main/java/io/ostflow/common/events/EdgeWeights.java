package io.ostflow.common.events;

import java.time.Instant;

/**
 * The parameters of the edge weight {@code w = alpha*H + beta*R + c} (docs/algorithm.md, paper eq.
 * 5), on the compacted weights topic under key {@code current}. Version 0 is the configured
 * default; the planner's calibration publishes higher versions.
 *
 * @param version increasing version
 * @param alpha weight of H
 * @param beta weight of R (negative: more similar masks, cheaper transfer)
 * @param c constant
 * @param normalisation {@code none} or {@code minmax}
 * @param updatedAt when these weights were chosen
 */
public record EdgeWeights(
        long version,
        double alpha,
        double beta,
        double c,
        String normalisation,
        Instant updatedAt) {
    public static final String KEY = "current";
    public static final String NONE = "none";
    public static final String MINMAX = "minmax";

    /**
     * The spec's defaults, the authors' released values: {@code w = 0.0044 H + 2.4756 (1 - R)}, no
     * normalisation, version 0.
     */
    public static final EdgeWeights AUTHORS =
            new EdgeWeights(0, 0.0044, -2.4756, 2.4756, NONE, Instant.EPOCH);
}
