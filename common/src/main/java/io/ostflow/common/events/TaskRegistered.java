package io.ostflow.common.events;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonFormat;
import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.dataset.LabelValues;
import java.util.List;

/**
 * A binary segmentation task and where its fingerprints are; the latest per task id is the task's
 * state (compacted topic).
 *
 * @param task the task id
 * @param role source or target
 * @param samples Omega: number of labelled training cases
 * @param datasetVersion content hash of the drop it came from
 * @param labelValues the label-map values that make the task's mask (one, or several for an nnU-Net
 *     region); read from the former single {@code labelValue} too
 * @param cases training case ids, sorted
 * @param evaluationCases held-out case ids, sorted (may be empty)
 * @param unlabelledCases the site's cases in {@code imagesTs} without a label map, sorted (may be
 *     empty)
 * @param imageFeatureKeys features-bucket key of each training case's image feature, by case
 * @param labelFeatureKeys features-bucket key of each training case's label feature, by case
 * @param modalityName the channel's name as dataset.json spells it (the id has its safe form)
 * @param objectiveName the label's name as dataset.json spells it
 */
public record TaskRegistered(
        TaskId task,
        Role role,
        int samples,
        String datasetVersion,
        @JsonAlias("labelValue") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                List<Integer> labelValues,
        List<String> cases,
        List<String> evaluationCases,
        List<String> unlabelledCases,
        List<String> imageFeatureKeys,
        List<String> labelFeatureKeys,
        String modalityName,
        String objectiveName) {
    public TaskRegistered {
        labelValues = List.copyOf(labelValues);
        cases = List.copyOf(cases);
        evaluationCases = List.copyOf(evaluationCases);
        unlabelledCases = unlabelledCases == null ? List.of() : List.copyOf(unlabelledCases);
        imageFeatureKeys = List.copyOf(imageFeatureKeys);
        labelFeatureKeys = List.copyOf(labelFeatureKeys);
        modalityName = modalityName == null ? task.modality() : modalityName;
        objectiveName = objectiveName == null ? task.objective() : objectiveName;
    }

    /**
     * A task of one label value whose dataset.json names are its id's parts, without unlabelled
     * cases (the phantom's tasks).
     */
    public TaskRegistered(
            TaskId task,
            Role role,
            int samples,
            String datasetVersion,
            int labelValue,
            List<String> cases,
            List<String> evaluationCases,
            List<String> imageFeatureKeys,
            List<String> labelFeatureKeys) {
        this(
                task,
                role,
                samples,
                datasetVersion,
                List.of(labelValue),
                cases,
                evaluationCases,
                List.of(),
                imageFeatureKeys,
                labelFeatureKeys,
                null,
                null);
    }

    /** The values that make the task's mask. */
    public LabelValues labels() {
        return new LabelValues(labelValues);
    }
}
