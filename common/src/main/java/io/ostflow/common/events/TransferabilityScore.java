package io.ostflow.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A measure of how well a trained source model transfers to a binary target, from forward passes
 * only (docs/algorithm.md, Transferability scores). The trainer measures all of them at once on the
 * target's labelled cases; the planner ranks by the one it is configured with. Every score is
 * higher-is-better.
 */
public enum TransferabilityScore {
    /**
     * LEEP (Nguyen et al., ICML 2020, eq. 2) per voxel: the mean log-likelihood of the target's
     * labels under the expected empirical predictor. Background voxels dominate its mean.
     */
    LEEP("leep"),
    /**
     * LEEP under the class-balanced voxel distribution: each class's voxels weigh as much as the
     * other's, in the empirical joint and in the mean, so that a small objective counts as much as
     * its background.
     */
    BALANCED_LEEP("balanced-leep"),
    /**
     * The soft Dice of LEEP's expected empirical predictor against the target's labels: the same
     * predictor, graded by the metric segmentation is graded by.
     */
    EEP_DICE("eep-dice");

    private final String wire;

    TransferabilityScore(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static TransferabilityScore fromWire(String name) {
        return WireNames.parse(
                TransferabilityScore.class, values(), TransferabilityScore::wire, name);
    }

    /** The scores by wire name, in this enum's order: how events and stored states carry them. */
    public static Map<String, Double> byWire(Map<TransferabilityScore, Double> scores) {
        Map<String, Double> wire = new LinkedHashMap<>();
        for (TransferabilityScore score : values()) {
            if (scores.containsKey(score)) {
                wire.put(score.wire, scores.get(score));
            }
        }
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}
