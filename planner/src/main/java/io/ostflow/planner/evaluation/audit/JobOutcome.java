package io.ostflow.planner.evaluation.audit;

import io.ostflow.common.events.JobState;
import io.ostflow.common.events.TransferabilityScore;
import java.util.Map;

/**
 * What the planner knows of one job, as an audit reads it.
 *
 * @param dice Dice on the target's held-out cases: what the tables report
 * @param leep a transfer's score of its last source stage on the target by the planner's
 *     transferability score (LEEP unless configured otherwise), else null
 * @param validationDice Dice on the target's validation cases: what the "best" rows choose by, null
 *     where the job was not validated
 * @param scores every transferability score measured with it (empty where none)
 */
public record JobOutcome(
        JobState state,
        Double dice,
        Double leep,
        Double validationDice,
        Map<TransferabilityScore, Double> scores) {
    public JobOutcome {
        scores = scores == null ? Map.of() : Map.copyOf(scores);
    }

    /** A job without other transferability scores. */
    public JobOutcome(JobState state, Double dice, Double leep, Double validationDice) {
        this(state, dice, leep, validationDice, Map.of());
    }

    /** A job without a LEEP nor a validation. */
    public JobOutcome(JobState state, Double dice) {
        this(state, dice, null, null);
    }
}
