package io.ostflow.common.events;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonFormat;
import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.dataset.LabelValues;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * @param landingEtags the ETag, as validated, of every landing object the task is read from (its
 *     site's dataset.json, and each case's image in the task's channel and label map), by key: a
 *     trainer reads each object only if it still has that ETag, so a file replaced after
 *     registration is never trained on (empty in records of older ingests: read unpinned)
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
        String objectiveName,
        Map<String, String> landingEtags) {
    public TaskRegistered {
        labelValues = List.copyOf(labelValues);
        cases = List.copyOf(cases);
        evaluationCases = List.copyOf(evaluationCases);
        unlabelledCases = unlabelledCases == null ? List.of() : List.copyOf(unlabelledCases);
        imageFeatureKeys = List.copyOf(imageFeatureKeys);
        labelFeatureKeys = List.copyOf(labelFeatureKeys);
        modalityName = modalityName == null ? task.modality() : modalityName;
        objectiveName = objectiveName == null ? task.objective() : objectiveName;
        landingEtags =
                landingEtags == null
                        ? Map.of()
                        : java.util.Collections.unmodifiableMap(new TreeMap<>(landingEtags));
    }

    /** A task without pinned landing objects (tests, and the records of older ingests). */
    public TaskRegistered(
            TaskId task,
            Role role,
            int samples,
            String datasetVersion,
            List<Integer> labelValues,
            List<String> cases,
            List<String> evaluationCases,
            List<String> unlabelledCases,
            List<String> imageFeatureKeys,
            List<String> labelFeatureKeys,
            String modalityName,
            String objectiveName) {
        this(
                task,
                role,
                samples,
                datasetVersion,
                labelValues,
                cases,
                evaluationCases,
                unlabelledCases,
                imageFeatureKeys,
                labelFeatureKeys,
                modalityName,
                objectiveName,
                Map.of());
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
                null,
                Map.of());
    }

    /** The ETag a landing object was validated with, or null when it is not pinned. */
    public String pinnedEtag(String key) {
        return landingEtags.get(key);
    }

    /** The values that make the task's mask. */
    public LabelValues labels() {
        return new LabelValues(labelValues);
    }
}
