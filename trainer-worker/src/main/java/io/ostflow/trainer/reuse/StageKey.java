package io.ostflow.trainer.reuse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ostflow.common.Json;
import io.ostflow.common.events.StageType;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.trainer.model.TrainingSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The address of a trained stage: a hash of everything that determines its weights, so that jobs
 * sharing a prefix of stages (the sequential jobs of one cluster pre-train on the same
 * representative) train it once. It covers exactly what determines the weights: the recipe's
 * network, sampling, augmentation, optimiser and seed (and, for a stage that validates, the
 * inference settings and report interval that pick its checkpoint), the key of the stage before it
 * (so the whole chain), and for this stage its position (the per-stage seed depends on it), kind,
 * task, dataset version, label values, the exact training and validation case lists and its own
 * schedule: steps, what learns, learning rate, warm-up and whether its head is new. The step counts
 * and fine-tuning rules of other stages are not part of it, so changing how the target is
 * fine-tuned reuses every pre-training. The device is not either: whichever run of a key is stored
 * first is that key's weights for good.
 *
 * @param value 32 hex digits (128 bits of SHA-256)
 * @param description the JSON that was hashed, kept beside the weights for lineage
 */
public record StageKey(String value, String description) {

    /**
     * @param previous the key of the stage before, or null for a pre-training
     * @param settings the recipe
     * @param index the stage's position in its job
     * @param type pre-training or fine-tuning
     * @param task the stage's task
     * @param cases the cases it trains on, in order
     * @param validation the cases that pick its best checkpoint
     * @param steps optimiser steps
     */
    public static StageKey of(
            StageKey previous,
            TrainingSettings settings,
            int index,
            StageType type,
            TaskRegistered task,
            List<String> cases,
            List<String> validation,
            int steps) {
        return of(previous, settings, index, type, task, cases, validation, steps, List.of());
    }

    /** The recipe's settings that no stage's weights depend on, or only a validating one's. */
    private static final List<String> PER_STAGE_SETTINGS =
            List.of(
                    "pretrainSteps",
                    "finetuneSteps",
                    "targetSteps",
                    "fineTuning",
                    "validationCases",
                    "targetValidationCases");

    private static final List<String> VALIDATION_SETTINGS =
            List.of("reportEvery", "overlap", "mirrorAtTest");

    /**
     * How a stage trains, as far as its weights depend on it.
     *
     * @param steps optimiser steps
     * @param freezeEncoder only the decoder learns
     * @param learningRate initial learning rate
     * @param warmupSteps linear warm-up steps
     * @param newHead the head is re-initialised before training
     */
    public record Schedule(
            int steps,
            boolean freezeEncoder,
            float learningRate,
            int warmupSteps,
            boolean newHead) {}

    /** A task trained jointly with the stage's own, with the cases it trains on. */
    public record Joint(TaskRegistered task, List<String> cases) {}

    /**
     * The key of a stage that also trains on {@code joint} tasks (each with its dataset version,
     * label values and cases); a stage without any keeps the key it had before joint stages
     * existed.
     */
    public static StageKey of(
            StageKey previous,
            TrainingSettings settings,
            int index,
            StageType type,
            TaskRegistered task,
            List<String> cases,
            List<String> validation,
            int steps,
            List<Joint> joint) {
        boolean frozen = type == StageType.FINETUNE && settings.fineTuning().freezesEncoder();
        return of(
                previous,
                settings,
                index,
                type,
                task,
                cases,
                validation,
                new Schedule(steps, frozen, settings.learningRate(), 0, false),
                joint);
    }

    /** The key of a stage trained on {@code schedule}. */
    public static StageKey of(
            StageKey previous,
            TrainingSettings settings,
            int index,
            StageType type,
            TaskRegistered task,
            List<String> cases,
            List<String> validation,
            Schedule schedule,
            List<Joint> joint) {
        if (!type.trains()) {
            throw new IllegalArgumentException("only training stages have weights of their own");
        }
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("previous", previous == null ? null : previous.value());
        node.set("settings", recipe(settings, !validation.isEmpty()));
        node.put("index", index);
        node.put("type", type.wire());
        node.put("task", task.task().toString());
        node.put("datasetVersion", task.datasetVersion());
        node.set("labelValues", Json.mapper().valueToTree(task.labelValues()));
        node.set("cases", Json.mapper().valueToTree(cases));
        node.set("validation", Json.mapper().valueToTree(validation));
        node.put("steps", schedule.steps());
        node.put("freezeEncoder", schedule.freezeEncoder());
        node.put("learningRate", schedule.learningRate());
        node.put("warmupSteps", schedule.warmupSteps());
        node.put("newHead", schedule.newHead());
        if (!joint.isEmpty()) {
            var parts = node.putArray("joint");
            for (Joint j : joint) {
                ObjectNode part = parts.addObject();
                part.put("task", j.task().task().toString());
                part.put("datasetVersion", j.task().datasetVersion());
                part.set("labelValues", Json.mapper().valueToTree(j.task().labelValues()));
                part.set("cases", Json.mapper().valueToTree(j.cases()));
            }
        }
        try {
            String description = Json.mapper().writeValueAsString(node);
            return new StageKey(hash(description), description);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stage description is always JSON", e);
        }
    }

    /** The settings a stage's weights depend on. */
    private static ObjectNode recipe(TrainingSettings settings, boolean validates) {
        ObjectNode recipe = Json.mapper().valueToTree(settings);
        recipe.remove(PER_STAGE_SETTINGS);
        if (!validates) {
            recipe.remove(VALIDATION_SETTINGS);
        }
        return recipe;
    }

    private static String hash(String text) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
