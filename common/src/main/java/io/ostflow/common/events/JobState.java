package io.ostflow.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a job stands, as the planner knows it from progress and result events. */
public enum JobState {
    QUEUED("queued"),
    RUNNING("running"),
    COMPLETED("completed"),
    FAILED("failed"),
    /**
     * Not trained: a plan's job whose plan was replaced by a newer version before a trainer took it
     * (the newer version's jobs train instead).
     */
    SKIPPED("skipped");

    private final String wire;

    JobState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** True until a result arrived. */
    public boolean open() {
        return this == QUEUED || this == RUNNING;
    }

    @JsonCreator
    public static JobState fromWire(String name) {
        return WireNames.parse(JobState.class, values(), JobState::wire, name);
    }

    @Override
    public String toString() {
        return wire;
    }
}
