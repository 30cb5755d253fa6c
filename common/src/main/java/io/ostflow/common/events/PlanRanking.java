package io.ostflow.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which ranking chose a plan's path (docs/planner.md, Ranking). */
public enum PlanRanking {
    /** The paper's: the path of least cost (eq. 8). */
    AFFINITY("affinity"),
    /**
     * The shortlist of least-cost paths re-ranked by the measured transferability (LEEP) of each
     * path's last source stage on the target.
     */
    TRANSFERABILITY("transferability");

    private final String wire;

    PlanRanking(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static PlanRanking fromWire(String name) {
        return WireNames.parse(PlanRanking.class, values(), PlanRanking::wire, name);
    }

    @Override
    public String toString() {
        return wire;
    }
}
