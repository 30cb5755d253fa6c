package io.ostflow.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What one stage of a {@link TrainingJob} does; the wire name is the lower-case word. */
public enum StageType {
    /** Train the whole network on a task. */
    PRETRAIN("pretrain"),
    /** Train the decoder only, encoder frozen. */
    FINETUNE("finetune"),
    /** Evaluate on the target's held-out cases. */
    EVALUATE("evaluate"),
    /**
     * Score the model so far on the target: LEEP on the target's labelled cases (those a
     * fine-tuning on the target would train and validate on), forward passes only; a scoring job's
     * last stage.
     */
    SCORE("score");

    private final String wire;

    StageType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** True for the stages that change weights. */
    public boolean trains() {
        return this == PRETRAIN || this == FINETUNE;
    }

    @JsonCreator
    public static StageType fromWire(String name) {
        return WireNames.parse(StageType.class, values(), StageType::wire, name);
    }

    @Override
    public String toString() {
        return wire;
    }
}
