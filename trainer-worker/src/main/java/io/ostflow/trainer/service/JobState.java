package io.ostflow.trainer.service;

import io.ostflow.common.events.StageResult;
import java.util.List;
import java.util.Map;

/**
 * What the models bucket remembers of a job.
 *
 * @param reusedStages the stages loaded instead of trained (null in states of older runs)
 * @param leep a transfer's LEEP once its last source stage is done, else null
 * @param validationDice the final model's Dice on the target's validation cases, once evaluated
 * @param outcomes how each finished training stage went (null in states of older runs)
 * @param validationCaseDice the final model's Dice on each validation case (null in states of older
 *     runs)
 * @param transferability every transferability score where {@code leep} was measured, by wire name
 *     (null in states of older runs)
 */
public record JobState(
        int completedStages,
        List<Double> stageSeconds,
        Double dice,
        Double iou,
        List<Integer> reusedStages,
        Double leep,
        Double validationDice,
        List<StageResult> outcomes,
        Map<String, Double> validationCaseDice,
        Map<String, Double> transferability) {
    public JobState {
        reusedStages = reusedStages == null ? List.of() : List.copyOf(reusedStages);
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
        validationCaseDice = validationCaseDice == null ? Map.of() : validationCaseDice;
        transferability = transferability == null ? Map.of() : transferability;
    }

    static JobState fresh() {
        return new JobState(
                0, List.of(), null, null, List.of(), null, null, List.of(), Map.of(), Map.of());
    }
}
