package io.ostflow.planner.ledger;

import io.ostflow.common.events.JobKind;
import java.util.List;

/**
 * The model a target's site should use (docs/planner.md, Recommendations): of the target's finished
 * jobs, the one with the best Dice on the target's validation cases, beside training from scratch.
 * Chosen on validation only; the held-out Dice is reported, never used to choose.
 *
 * @param target the target task
 * @param jobId the recommended job, null when no finished job was validated
 * @param kind its kind
 * @param path the tasks it trained on, in order (the target last)
 * @param validationDice its Dice on the target's validation cases
 * @param heldOutDice its Dice on the target's held-out cases
 * @param scratch the target's best validated scratch job, null when none finished
 * @param candidates the validated finished jobs it was chosen from
 * @param scratchWins whether the recommended model is a scratch model: no transfer beat training on
 *     the target's own cases
 * @param reason why, in one sentence
 */
public record Recommendation(
        String target,
        String jobId,
        JobKind kind,
        List<String> path,
        Double validationDice,
        Double heldOutDice,
        Candidate scratch,
        int candidates,
        boolean scratchWins,
        String reason) {

    /**
     * A validated model of the target.
     *
     * @param jobId its job
     * @param kind its kind
     * @param validationDice Dice on the target's validation cases
     * @param heldOutDice Dice on its held-out cases
     */
    public record Candidate(
            String jobId, JobKind kind, double validationDice, double heldOutDice) {}
}
