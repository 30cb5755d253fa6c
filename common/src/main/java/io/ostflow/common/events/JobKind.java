package io.ostflow.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The three jobs of a plan (the OST path and the paper's two baselines), the audits' multi-task
 * baseline and the transferability ranking's scoring jobs.
 */
public enum JobKind {
    /** Pre-train on the representative, fine-tune along the path into the target. */
    SEQUENTIAL("sequential"),
    /** Pre-train on the best direct source, fine-tune on the target. */
    DIRECT("direct"),
    /** Train on the target's few cases only. */
    SCRATCH("scratch"),
    /**
     * Pre-train on the union of the path's tasks at once, fine-tune on the target (an audit's
     * multi-task baseline).
     */
    MULTITASK("multitask"),
    /**
     * Train a candidate's source stages, then score them on the target (LEEP, no fine-tuning): the
     * planner's transferability ranking asks for it; its result has a LEEP and no Dice.
     */
    SCORE("score");

    private final String wire;

    JobKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static JobKind fromWire(String name) {
        return WireNames.parse(JobKind.class, values(), JobKind::wire, name);
    }

    @Override
    public String toString() {
        return wire;
    }
}
