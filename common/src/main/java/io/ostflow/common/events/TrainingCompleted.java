package io.ostflow.common.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished job.
 *
 * @param jobId job
 * @param target target task
 * @param kind sequential, direct or scratch
 * @param dice mean Dice on the held-out cases
 * @param iou mean IoU
 * @param device {@code cpu} or {@code gpu}
 * @param stageSeconds duration of each stage
 * @param modelKey models-bucket key of the final checkpoint
 * @param reusedStages indices of the stages whose weights were loaded, trained before by another
 *     job with the same stage key, instead of trained by this one (empty if none)
 * @param worker the trainer that ran the job ({@code HOST-PID}; absent in records of older
 *     trainers)
 * @param leep of a direct job: LEEP (Nguyen et al. 2020) of the pre-trained source model on the
 *     target's training cases, before the fine-tuning, per voxel (at most 0, higher transfers
 *     better); null for other kinds
 * @param validationDice mean Dice of the final model on the target's validation cases (taken from
 *     its labelled budget, never its held-out cases): what a recommendation is chosen by; null when
 *     the target had no case to validate on, and in records of older trainers
 * @param stages how each training stage went, in order (empty in records of older trainers)
 * @param validationCaseDice the final model's Dice on each validation case, by case id, in the
 *     order validated (every job of a target validates on the same cases, so two jobs compare case
 *     by case); empty without validation and in records of older trainers
 * @param transferability of a transfer: every {@link TransferabilityScore} of its last source stage
 *     on the target's labelled cases, measured where {@code leep} is, by wire name; empty for other
 *     kinds and in records of older trainers
 */
public record TrainingCompleted(
        String jobId,
        String target,
        JobKind kind,
        double dice,
        double iou,
        String device,
        List<Double> stageSeconds,
        String modelKey,
        List<Integer> reusedStages,
        String worker,
        Double leep,
        Double validationDice,
        List<StageResult> stages,
        Map<String, Double> validationCaseDice,
        Map<String, Double> transferability) {
    public TrainingCompleted {
        reusedStages = reusedStages == null ? List.of() : List.copyOf(reusedStages);
        stages = stages == null ? List.of() : List.copyOf(stages);
        validationCaseDice =
                validationCaseDice == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(validationCaseDice));
        transferability =
                transferability == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(transferability));
    }

    /** A result not yet attributed to a worker. */
    public TrainingCompleted(
            String jobId,
            String target,
            JobKind kind,
            double dice,
            double iou,
            String device,
            List<Double> stageSeconds,
            String modelKey,
            List<Integer> reusedStages) {
        this(
                jobId,
                target,
                kind,
                dice,
                iou,
                device,
                stageSeconds,
                modelKey,
                reusedStages,
                null,
                null,
                null,
                List.of(),
                Map.of(),
                Map.of());
    }

    /** The same result with the final model's validation Dice and the stages' outcomes. */
    public TrainingCompleted withStages(Double validation, List<StageResult> outcomes) {
        return copy(worker, leep, validation, outcomes, validationCaseDice, transferability);
    }

    /** The same result with the final model's Dice on each validation case. */
    public TrainingCompleted withValidationCases(Map<String, Double> perCase) {
        return copy(worker, leep, validationDice, stages, perCase, transferability);
    }

    /** The same result with its LEEP. */
    public TrainingCompleted withLeep(Double value) {
        return copy(worker, value, validationDice, stages, validationCaseDice, transferability);
    }

    /** The same result with its transferability scores, by wire name. */
    public TrainingCompleted withTransferability(Map<String, Double> scores) {
        return copy(worker, leep, validationDice, stages, validationCaseDice, scores);
    }

    /**
     * One transferability score of this result, null where it was not measured (LEEP falls back to
     * {@code leep}, which older trainers reported alone).
     */
    public Double score(TransferabilityScore score) {
        Double value = transferability.get(score.wire());
        return value == null && score == TransferabilityScore.LEEP ? leep : value;
    }

    /** The same result, attributed to {@code trainer}. */
    public TrainingCompleted withWorker(String trainer) {
        return copy(trainer, leep, validationDice, stages, validationCaseDice, transferability);
    }

    private TrainingCompleted copy(
            String trainer,
            Double value,
            Double validation,
            List<StageResult> outcomes,
            Map<String, Double> perCase,
            Map<String, Double> scores) {
        return new TrainingCompleted(
                jobId,
                target,
                kind,
                dice,
                iou,
                device,
                stageSeconds,
                modelKey,
                reusedStages,
                trainer,
                value,
                validation,
                outcomes,
                perCase,
                scores);
    }
}
