package io.ostflow.trainer.service;

import io.ostflow.common.events.StageResult;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.trainer.model.FineTuning;
import io.ostflow.trainer.model.StageOutcome;
import java.util.List;

/** A stage's plan and outcome as the wire's {@link StageResult}. */
final class StageResults {
    private StageResults() {}

    /**
     * @param trainedParameters parameters that took gradients in the stage
     * @param outcome how the training went; null for a reused stage whose training left no record
     */
    static StageResult of(
            int index,
            TrainingJob.Stage stage,
            StagePlans.StagePlan plan,
            long trainedParameters,
            StageOutcome outcome,
            boolean reused) {
        String trained =
                (plan.frozen() ? FineTuning.Scope.DECODER : FineTuning.Scope.WHOLE_NETWORK).wire();
        return new StageResult(
                index,
                stage.type(),
                stage.task(),
                plan.cases().size(),
                plan.validation().size(),
                plan.steps(),
                trained,
                trainedParameters,
                plan.schedule().newHead(),
                reused,
                outcome == null ? List.of() : outcome.reportSteps(),
                outcome == null ? List.of() : outcome.loss(),
                outcome == null ? List.of() : outcome.validationDice(),
                outcome == null ? null : outcome.incomingDice(),
                outcome == null ? null : outcome.bestValidationDice(),
                outcome == null ? null : outcome.bestStep(),
                outcome == null ? 0 : outcome.skippedSteps());
    }
}
