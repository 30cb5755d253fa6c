package io.ostflow.common.events;

import java.util.List;

/**
 * How one training stage of a job went (docs/trainer.md, Stage outcomes): what it trained, for how
 * long, its curves and the checkpoint it kept.
 *
 * @param stage the stage's index in its job, from 0
 * @param type pretrain or finetune
 * @param task the task it trained on
 * @param cases the number of cases it trained on
 * @param validationCases the number of cases it validated on (0: none, the last step is kept)
 * @param steps optimiser steps
 * @param trained what learnt: {@code whole-network} or {@code decoder} (encoder frozen)
 * @param trainedParameters the number of parameters that took gradients
 * @param newHead whether its output head was re-initialised before training (a new objective)
 * @param reused whether its weights were loaded from an earlier training of the same stage key (its
 *     curves are that training's, where it recorded them)
 * @param reportSteps the steps at which loss and validation were recorded
 * @param loss mean training loss of each report interval
 * @param validationDice validation Dice at step 0 and at each report (empty without validation)
 * @param incomingDice validation Dice of the weights the stage started from (step 0), null without
 *     validation
 * @param bestValidationDice validation Dice of the checkpoint kept, null without validation
 * @param bestStep step of the checkpoint kept (0: the incoming weights)
 * @param skippedSteps steps skipped because their gradients were not finite
 */
public record StageResult(
        int stage,
        StageType type,
        String task,
        int cases,
        int validationCases,
        int steps,
        String trained,
        long trainedParameters,
        boolean newHead,
        boolean reused,
        List<Integer> reportSteps,
        List<Double> loss,
        List<Double> validationDice,
        Double incomingDice,
        Double bestValidationDice,
        Integer bestStep,
        int skippedSteps) {
    public StageResult {
        reportSteps = reportSteps == null ? List.of() : List.copyOf(reportSteps);
        loss = loss == null ? List.of() : List.copyOf(loss);
        validationDice = validationDice == null ? List.of() : List.copyOf(validationDice);
    }
}
