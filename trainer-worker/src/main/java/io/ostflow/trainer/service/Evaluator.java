package io.ostflow.trainer.service;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.events.TransferabilityScore;
import io.ostflow.trainer.data.CaseSource;
import io.ostflow.trainer.data.CaseVolume;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.model.TransferabilityScores;
import io.ostflow.trainer.service.StagePlans.StagePlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a model on a task's cases: Dice and IoU on the held-out cases, Dice on the target's
 * validation cases, and LEEP of a transfer's last source stage (a direct job's source model, a
 * sequential job's last intermediate, a scoring job's candidate) on the target's labelled cases.
 * Never trains; the held-out cases are read only by {@link #heldOut}.
 */
final class Evaluator {
    private final CaseSource cases;

    Evaluator(CaseSource cases) {
        this.cases = cases;
    }

    /** Mean Dice and IoU of {@code model} on the task's held-out cases. */
    double[] heldOut(SegmentationModel model, TaskRegistered task) {
        return mean(model.evaluate(evaluationCases(task)));
    }

    /**
     * The stage after which a transfer's LEEP is measured: its last source stage, the one right
     * before its fine-tuning on the target (a direct job's pre-training, a sequential job's last
     * intermediate); -1 for the other kinds, and for a job without such a stage.
     */
    static int leepStage(TrainingJob job) {
        if (job.kind() != JobKind.DIRECT && job.kind() != JobKind.SEQUENTIAL) {
            return -1;
        }
        List<TrainingJob.Stage> stages = job.stages();
        for (int k = 1; k < stages.size(); k++) {
            TrainingJob.Stage stage = stages.get(k);
            if (stage.type() == StageType.FINETUNE && stage.task().equals(job.target())) {
                return stages.get(k - 1).task().equals(job.target()) ? -1 : k - 1;
            }
        }
        return -1;
    }

    /**
     * The transferability scores (LEEP and the others, by wire name) of the source model on the
     * target's labelled cases of the job: those its fine-tuning trains and validates on (never the
     * held-out ones).
     */
    Map<String, Double> transferability(
            SegmentationModel model, TaskRegistered target, StagePlan fineTuning) {
        return transferability(
                model, target, new StagePlans.Split(fineTuning.cases(), fineTuning.validation()));
    }

    /**
     * The transferability scores of the model on the target's cases of a split: those a fine-tuning
     * on the target trains and validates on (a scoring job's score stage).
     */
    Map<String, Double> transferability(
            SegmentationModel model, TaskRegistered target, StagePlans.Split labelledCases) {
        List<float[]> logits = new ArrayList<>();
        List<float[]> masks = new ArrayList<>();
        List<String> labelled = new ArrayList<>(labelledCases.training());
        labelled.addAll(labelledCases.validation());
        for (CaseVolume volume : cases.cases(target, labelled, false)) {
            logits.add(model.logits(volume));
            masks.add(volume.mask());
        }
        return TransferabilityScore.byWire(TransferabilityScores.of(logits, masks));
    }

    /** The validation cases of the job's last stage on the target (empty without one). */
    static List<String> targetValidation(TrainingJob job, List<StagePlan> plans) {
        List<String> validation = List.of();
        for (int k = 0; k < plans.size(); k++) {
            if (plans.get(k) != null && job.stages().get(k).task().equals(job.target())) {
                validation = plans.get(k).validation();
            }
        }
        return validation;
    }

    /**
     * Dice of the final model on each of the target's validation cases, by case id in the order
     * given; empty without any.
     */
    Map<String, Double> validate(SegmentationModel model, TaskRegistered target, List<String> ids) {
        Map<String, Double> perCase = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            model.evaluate(cases.cases(target, ids, false))
                    .forEach((id, metrics) -> perCase.put(id, metrics[0]));
        }
        return perCase;
    }

    /** The mean of per-case Dice; null for none. */
    static Double meanDice(Map<String, Double> perCase) {
        return perCase.isEmpty()
                ? null
                : perCase.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElseThrow();
    }

    private List<CaseVolume> evaluationCases(TaskRegistered task) {
        return cases.cases(
                task, StagePlans.evaluationCaseIds(task), !task.evaluationCases().isEmpty());
    }

    private static double[] mean(Map<String, double[]> perCase) {
        double dice = 0;
        double iou = 0;
        for (double[] m : perCase.values()) {
            dice += m[0] / perCase.size();
            iou += m[1] / perCase.size();
        }
        return new double[] {dice, iou};
    }
}
