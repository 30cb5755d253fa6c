package io.ostflow.common.events;

import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import java.util.List;

/**
 * A binary segmentation task and where its fingerprints are; the latest per task id is the task's
 * state (compacted topic).
 *
 * @param task the task id
 * @param role source or target
 * @param samples Omega: number of labelled training cases
 * @param datasetVersion content hash of the drop it came from
 * @param labelValue the label value whose exact match is the task's mask
 * @param cases training case ids, sorted
 * @param evaluationCases held-out case ids, sorted (may be empty)
 * @param imageFeatureKeys features-bucket key of each training case's image feature, by case
 * @param labelFeatureKeys features-bucket key of each training case's label feature, by case
 */
public record TaskRegistered(
        TaskId task,
        Role role,
        int samples,
        String datasetVersion,
        int labelValue,
        List<String> cases,
        List<String> evaluationCases,
        List<String> imageFeatureKeys,
        List<String> labelFeatureKeys) {
    public TaskRegistered {
        cases = List.copyOf(cases);
        evaluationCases = List.copyOf(evaluationCases);
        imageFeatureKeys = List.copyOf(imageFeatureKeys);
        labelFeatureKeys = List.copyOf(labelFeatureKeys);
    }
}
