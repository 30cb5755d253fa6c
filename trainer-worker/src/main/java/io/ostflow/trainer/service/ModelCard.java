package io.ostflow.trainer.service;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.StageResult;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.trainer.model.TrainingSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a trained model is, written beside its weights as {@code JOB/model-card.json}: every stage
 * with its task, dataset version and cases, the recipe, the device, the scores and the code that
 * trained it, so that a model found in the bucket can be traced to its data.
 *
 * @param jobId the job
 * @param target the target task
 * @param kind sequential, direct, scratch or multitask
 * @param weights models-bucket key of the final weights
 * @param stages the stages, in order
 * @param settings the recipe (its seed included)
 * @param device the device it ran on
 * @param dice mean Dice on the held-out cases
 * @param iou mean IoU
 * @param validationDice the final model's Dice on the target's validation cases (null without)
 * @param outcomes how each training stage went: steps, what learnt, curves, the kept checkpoint
 * @param codeVersion the trainer-worker's version
 * @param createdAt when the card was written
 * @param withdrawnTasks the tasks of its lineage whose sites have withdrawn them since, in the
 *     order the trainer learnt it (empty while none has; the planner never recommends such a model)
 */
public record ModelCard(
        String jobId,
        String target,
        JobKind kind,
        String weights,
        List<Stage> stages,
        TrainingSettings settings,
        String device,
        double dice,
        double iou,
        Double validationDice,
        List<StageResult> outcomes,
        String codeVersion,
        Instant createdAt,
        List<String> withdrawnTasks) {

    public ModelCard {
        withdrawnTasks = withdrawnTasks == null ? List.of() : List.copyOf(withdrawnTasks);
    }

    /** Whether the model was trained (or evaluated) on the task, in a stage or jointly. */
    public boolean trainedOn(String task) {
        return stages.stream()
                .anyMatch(
                        s ->
                                s.task().equals(task)
                                        || (s.joint() != null
                                                && s.joint().stream()
                                                        .anyMatch(j -> j.task().equals(task))));
    }

    /** Every task the model was trained or evaluated on, in a stage or jointly; each once. */
    public List<String> lineageTasks() {
        java.util.Set<String> tasks = new java.util.LinkedHashSet<>();
        for (Stage s : stages) {
            tasks.add(s.task());
            if (s.joint() != null) {
                s.joint().forEach(j -> tasks.add(j.task()));
            }
        }
        return List.copyOf(tasks);
    }

    /** This card, saying that the task's site withdrew it. */
    public ModelCard withWithdrawn(String task) {
        List<String> withdrawn = new ArrayList<>(withdrawnTasks);
        withdrawn.add(task);
        return new ModelCard(
                jobId,
                target,
                kind,
                weights,
                stages,
                settings,
                device,
                dice,
                iou,
                validationDice,
                outcomes,
                codeVersion,
                createdAt,
                withdrawn);
    }

    /**
     * One stage of the model's lineage.
     *
     * @param type pretrain, finetune or evaluate
     * @param task its task
     * @param datasetVersion that task's dataset version
     * @param labelValues the label values of its mask
     * @param cases the cases it trained on (or evaluated on)
     * @param validationCases the cases that chose its best checkpoint
     * @param steps optimiser steps (0 for an evaluation)
     * @param stageKey the key its weights are shared under (null for an evaluation)
     * @param reused whether its weights were loaded from another job's training
     * @param seconds how long it took in this job
     * @param joint the tasks a joint pre-training trained on besides its own (else empty)
     */
    public record Stage(
            StageType type,
            String task,
            String datasetVersion,
            List<Integer> labelValues,
            List<String> cases,
            List<String> validationCases,
            int steps,
            String stageKey,
            boolean reused,
            double seconds,
            List<Joint> joint) {}

    /** A task trained jointly with a stage's own: its version, label values and cases. */
    public record Joint(
            String task, String datasetVersion, List<Integer> labelValues, List<String> cases) {}

    /** The card of a finished job. */
    /**
     * The cases a stage without weights of its own read: the held-out ones for an evaluation, the
     * scored ones for a score stage.
     */
    private static List<String> measuredCases(
            TrainingJob job, int k, TaskRegistered task, TrainingSettings settings) {
        TrainingJob.Stage stage = job.stages().get(k);
        if (stage.type() != StageType.SCORE) {
            return StagePlans.evaluationCaseIds(task);
        }
        StagePlans.Split split = new StagePlans(settings).split(task, job.target(), stage.cases());
        List<String> scored = new ArrayList<>(split.training());
        scored.addAll(split.validation());
        return scored;
    }

    static ModelCard of(
            TrainingJob job,
            List<TaskRegistered> stageTasks,
            List<StagePlans.StagePlan> plans,
            TrainingCompleted completed,
            TrainingSettings settings,
            String codeVersion,
            Instant createdAt) {
        List<Stage> lineage = new ArrayList<>();
        for (int k = 0; k < job.stages().size(); k++) {
            TaskRegistered task = stageTasks.get(k);
            StagePlans.StagePlan plan = plans.get(k);
            lineage.add(
                    new Stage(
                            job.stages().get(k).type(),
                            task.task().toString(),
                            task.datasetVersion(),
                            task.labelValues(),
                            plan == null ? measuredCases(job, k, task, settings) : plan.cases(),
                            plan == null ? List.of() : plan.validation(),
                            plan == null ? 0 : plan.steps(),
                            plan == null ? null : plan.key().value(),
                            completed.reusedStages().contains(k),
                            completed.stageSeconds().get(k),
                            plan == null
                                    ? List.of()
                                    : plan.joint().stream()
                                            .map(
                                                    j ->
                                                            new Joint(
                                                                    j.task().task().toString(),
                                                                    j.task().datasetVersion(),
                                                                    j.task().labelValues(),
                                                                    j.cases()))
                                            .toList()));
        }
        return new ModelCard(
                job.jobId(),
                job.target(),
                job.kind(),
                completed.modelKey(),
                lineage,
                settings,
                completed.device(),
                completed.dice(),
                completed.iou(),
                completed.validationDice(),
                completed.stages(),
                codeVersion,
                createdAt,
                List.of());
    }

    /** The models-bucket key of a job's card. */
    public static String key(String jobId) {
        return ObjectKeys.modelCard(jobId);
    }
}
