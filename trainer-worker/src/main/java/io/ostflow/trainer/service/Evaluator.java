package io.ostflow.trainer.service;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.trainer.data.CaseSource;
import io.ostflow.trainer.data.CaseVolume;
import io.ostflow.trainer.model.Leep;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.service.StagePlans.StagePlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a model on a task's cases: Dice and IoU on the held-out cases, Dice on the target's
 * validation cases, and LEEP of a direct job's source model (or a scoring job's last source stage)
 * on the target's labelled cases. Never trains; the held-out cases are read only by {@link
 * #heldOut}.
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

    /** A direct job: a source's pre-training, then the target's fine-tuning. */
    static boolean measuresLeep(TrainingJob job) {
        List<TrainingJob.Stage> stages = job.stages();
        return job.kind() == JobKind.DIRECT
                && stages.size() > 1
                && stages.get(1).type() == StageType.FINETUNE
                && stages.get(1).task().equals(job.target())
                && !stages.get(0).task().equals(job.target());
    }

    /**
     * LEEP of the source model on the target's labelled cases of the job: those its fine-tuning
     * trains and validates on (never the held-out ones).
     */
    double leep(SegmentationModel model, TaskRegistered target, StagePlan fineTuning) {
        return leep(
                model, target, new StagePlans.Split(fineTuning.cases(), fineTuning.validation()));
    }

    /**
     * LEEP of the model on the target's cases of a split: those a fine-tuning on the target trains
     * and validates on (a scoring job's score stage).
     */
    double leep(SegmentationModel model, TaskRegistered target, StagePlans.Split labelledCases) {
        List<float[]> logits = new ArrayList<>();
        List<float[]> masks = new ArrayList<>();
        List<String> labelled = new ArrayList<>(labelledCases.training());
        labelled.addAll(labelledCases.validation());
        for (CaseVolume volume : cases.cases(target, labelled, false)) {
            logits.add(model.logits(volume));
            masks.add(volume.mask());
        }
        return Leep.of(logits, masks);
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
