package io.ostflow.trainer.service;

import io.ostflow.common.Json;
import io.ostflow.common.events.StageResult;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.events.TrainingProgress;
import io.ostflow.trainer.data.CaseSource;
import io.ostflow.trainer.data.CaseVolume;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.model.StageOutcome;
import io.ostflow.trainer.model.StageSchedule;
import io.ostflow.trainer.model.TrainingSettings;
import io.ostflow.trainer.reuse.StageKey;
import io.ostflow.trainer.reuse.StageStore;
import io.ostflow.trainer.service.StagePlans.JointPlan;
import io.ostflow.trainer.service.StagePlans.StagePlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Obtains one training stage's weights: loaded where another job already trained the same {@link
 * StageKey} (with the outcome its first training stored), else trained here on the stage's plan.
 */
final class StageTrainer {
    private final TrainingSettings settings;
    private final CaseSource cases;
    private final StageStore stages;

    /**
     * @param stages where trained stages are shared between jobs, or null to train every stage
     */
    StageTrainer(TrainingSettings settings, CaseSource cases, StageStore stages) {
        this.settings = settings;
        this.cases = cases;
        this.stages = stages;
    }

    /**
     * A stage's weights and outcome.
     *
     * @param weights the stage's parameters, as saved
     * @param reused whether they were loaded instead of trained
     * @param outcome how the stage went, as the wire reports it
     */
    record Obtained(byte[] weights, boolean reused, StageResult outcome) {}

    /** Stage {@code index} of {@code job}: {@code model} ends with its weights either way. */
    Obtained obtain(
            SegmentationModel model,
            TrainingJob job,
            int index,
            TaskRegistered task,
            StagePlan plan,
            Consumer<TrainingProgress> progress) {
        StageOutcome[] trained = {null};
        StageStore.Weights obtained =
                weights(
                        plan,
                        job,
                        () -> {
                            trained[0] = train(model, job, index, task, plan, progress);
                            keepOutcome(plan, trained[0]);
                            return model.save();
                        });
        boolean reused = obtained.source() == StageStore.Source.REUSED;
        if (reused) {
            model.load(obtained.bytes());
        }
        StageResult outcome =
                StageResults.of(
                        index,
                        job.stages().get(index),
                        plan,
                        model.network().trainedParameters(plan.frozen()),
                        reused ? storedOutcome(plan) : trained[0],
                        reused);
        return new Obtained(obtained.bytes(), reused, outcome);
    }

    /** The weights of a training stage: shared ones if reuse is on, else trained here. */
    private StageStore.Weights weights(
            StagePlan plan, TrainingJob job, java.util.function.Supplier<byte[]> train) {
        if (stages == null) {
            return new StageStore.Weights(train.get(), StageStore.Source.TRAINED);
        }
        return stages.obtain(plan.key(), job.jobId(), train);
    }

    /**
     * One training stage on its plan's schedule (a new head first where the plan says so). Each
     * stage draws its patches from its own seed, so a resumed job trains as an uninterrupted one
     * would. Returns how the stage went; the model ends with the kept checkpoint.
     */
    private StageOutcome train(
            SegmentationModel model,
            TrainingJob job,
            int index,
            TaskRegistered task,
            StagePlan plan,
            Consumer<TrainingProgress> progress) {
        List<String> validation = plan.validation();
        int stages = job.stages().size();
        List<CaseVolume> training = new ArrayList<>(cases.cases(task, plan.cases(), false));
        for (JointPlan j : plan.joint()) {
            training.addAll(cases.cases(j.task(), j.cases(), false));
        }
        long seed = settings.seed() * 1_000_003L + index;
        if (plan.schedule().newHead()) {
            model.resetHead(seed);
        }
        StageKey.Schedule schedule = plan.schedule();
        return model.train(
                training,
                validation.isEmpty() ? List.of() : cases.cases(task, validation, false),
                new StageSchedule(
                        schedule.steps(),
                        schedule.freezeEncoder(),
                        schedule.learningRate(),
                        schedule.warmupSteps()),
                seed,
                r ->
                        progress.accept(
                                new TrainingProgress(
                                        job.jobId(),
                                        index,
                                        r.step(),
                                        r.steps(),
                                        r.loss(),
                                        r.validationDice(),
                                        r.learningRate(),
                                        (index + (double) r.step() / Math.max(1, r.steps()))
                                                / stages,
                                        r.seconds()
                                                / settings.reportEvery()
                                                * (r.steps() - r.step()))));
    }

    /** Keeps a trained stage's outcome beside its shared weights, for the jobs that reuse it. */
    private void keepOutcome(StagePlan plan, StageOutcome outcome) {
        if (stages != null) {
            try {
                stages.putOutcome(plan.key(), Json.mapper().writeValueAsBytes(outcome));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The outcome its first training recorded for a reused stage, if any. */
    private StageOutcome storedOutcome(StagePlan plan) {
        if (stages == null) {
            return null;
        }
        try {
            Optional<byte[]> bytes = stages.outcome(plan.key());
            return bytes.isEmpty()
                    ? null
                    : Json.mapper().readValue(bytes.get(), StageOutcome.class);
        } catch (IOException e) {
            return null;
        }
    }
}
