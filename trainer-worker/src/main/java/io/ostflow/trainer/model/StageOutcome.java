package io.ostflow.trainer.model;

import java.util.List;

/**
 * What a stage ended with (docs/trainer.md, Stage outcomes).
 *
 * @param reportSteps the steps of the reports, in order
 * @param loss mean training loss of each report's interval
 * @param validationDice mean validation Dice at step 0 and at each report, empty without validation
 *     cases
 * @param incomingDice the validation Dice of the weights the stage started from (step 0), null
 *     without validation cases
 * @param bestValidationDice validation Dice of the kept checkpoint, null without validation
 * @param bestStep step of the kept checkpoint: the best validation Dice, the earliest of equal ones
 *     (0: the incoming weights); the last step without validation
 * @param skippedSteps steps skipped because their gradients were not finite
 */
public record StageOutcome(
        List<Integer> reportSteps,
        List<Double> loss,
        List<Double> validationDice,
        Double incomingDice,
        Double bestValidationDice,
        int bestStep,
        int skippedSteps) {
    public StageOutcome {
        reportSteps = List.copyOf(reportSteps);
        loss = List.copyOf(loss);
        validationDice = List.copyOf(validationDice);
    }

    /** Mean training loss of the last report interval (NaN without steps). */
    public double lastLoss() {
        return loss.isEmpty() ? Double.NaN : loss.get(loss.size() - 1);
    }
}
